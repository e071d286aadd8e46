package io.mlservice.totara.demo;

import java.util.Arrays;
import java.util.List;

/**
 * The fixed word lists the demo site is written from: one theme per hidden interest group, words shared by all
 * groups, and the places users live in.
 */
final class Vocabulary {

    /** A hidden interest group: the topics it owns, its own words, and the department and role of its people. */
    record Group(String name, List<String> topics, List<String> words, String department, String role) {
    }

    /** A country as Totara stores it (ISO code), the language pack its users pick if not English, its cities. */
    record Country(String code, String lang, List<String> cities) {
    }

    static final List<Group> GROUPS = List.of(
            group("leadership", "Leadership|Coaching|Managers' toolkit",
                    "leadership coaching feedback delegation strategy vision mentoring influence decision stakeholder "
                            + "trust accountability motivation goals change culture conflict negotiation executive "
                            + "manager succession empowerment priorities meetings",
                    "Leadership team", "Team leader"),
            group("software", "Software development|Cloud computing|Agile",
                    "software java python testing deployment api microservices cloud kubernetes debugging refactoring "
                            + "architecture frontend backend agile scrum git devops containers latency algorithms "
                            + "code sprint release",
                    "Engineering", "Software engineer"),
            group("data", "Data analytics|Machine learning|Reporting",
                    "data analytics dashboard statistics regression forecasting visualisation sql warehouse metrics "
                            + "sampling prediction model clustering reporting spreadsheet insight survey trends "
                            + "accuracy outliers correlation charts queries",
                    "Data and insights", "Data analyst"),
            group("safety", "Health and safety|First aid|Risk assessment",
                    "safety hazard risk incident protective equipment evacuation fire ergonomics lifting inspection "
                            + "chemical ladder forklift injury accident lockout noise ventilation emergency helmet "
                            + "gloves signage drills",
                    "Operations", "Safety officer"),
            group("sales", "Sales|Customer service|Negotiation",
                    "customer sales prospect objection closing upsell retention complaint empathy calls crm leads "
                            + "quota pricing discount account renewal satisfaction loyalty service referral demo "
                            + "proposal deal",
                    "Sales", "Account manager"),
            group("finance", "Finance|Budgeting|Procurement",
                    "budget invoice ledger accounting tax payroll cashflow expense procurement revenue margin "
                            + "depreciation balance reconciliation capital investment payment supplier tender costs "
                            + "profit audit quarter finance",
                    "Finance", "Accountant"),
            group("people", "Human resources|Diversity, equity and inclusion|Onboarding",
                    "recruitment onboarding interview diversity inclusion equity appraisal engagement benefits policy "
                            + "grievance talent career workforce hiring induction flexible candidates belonging "
                            + "employee leave absence wellbeing",
                    "People and culture", "HR advisor"),
            group("marketing", "Marketing|Design|Social media",
                    "brand campaign content social media design typography colour layout audience seo copywriting "
                            + "storytelling creative illustration photography video persona launch newsletter logo "
                            + "channels influencers",
                    "Marketing", "Designer"),
            group("compliance", "Compliance|Anti-bribery|Data protection",
                    "compliance regulation gdpr privacy contract bribery ethics whistleblowing fraud sanctions "
                            + "confidentiality consent legal clause liability dispute laundering conduct breach "
                            + "regulator disclosure gifts policy",
                    "Legal and compliance", "Compliance officer"),
            group("wellbeing", "Wellbeing|Mindfulness|Mental health",
                    "wellbeing mindfulness sleep stress nutrition exercise resilience burnout meditation breathing "
                            + "yoga hydration posture habits energy gratitude walking rest anxiety calm kindness "
                            + "recovery routine",
                    "Wellbeing", "Wellbeing coordinator"));

    /** Words of every group's texts, so that documents share a background vocabulary. */
    static final List<String> FILLER = words(
            "learn guide practical essentials tips overview skills workplace session module quick basics toolkit "
                    + "everyday understanding improve better steps framework approach principles examples checklist "
                    + "colleagues people work project planning training results");

    /** Text that the service's cleaning must fold to ASCII or drop. */
    static final List<String> ACCENTED = List.of(
            "café", "résumé", "naïve", "façade", "déjà vu", "über", "crème brûlée", "coöperation", "piñata",
            "São Paulo");

    static final List<String> AUDIENCES = List.of(
            "new starters", "team leads", "everyone", "beginners", "experienced staff", "remote teams");

    static final List<String> FIRST_NAMES = List.of(
            "alex", "sam", "priya", "jose", "mei", "olu", "anna", "liam", "fatima", "kenji");

    /** Tenants are based in one of the first countries, the English-speaking ones, like most Totara sites. */
    static final int HOME_COUNTRIES = 4;

    static final List<Country> COUNTRIES = List.of(
            new Country("GB", "en", List.of("London", "Manchester", "Leeds", "Brighton")),
            new Country("US", "en_us", List.of("New York", "Chicago", "Austin", "Seattle")),
            new Country("AU", "en", List.of("Sydney", "Melbourne", "Brisbane")),
            new Country("NZ", "en", List.of("Wellington", "Auckland", "Christchurch")),
            new Country("DE", "de", List.of("Berlin", "München", "Köln", "Düsseldorf")),
            new Country("FR", "fr", List.of("Paris", "Lyon", "Besançon", "Orléans")),
            new Country("ES", "es", List.of("Madrid", "Málaga", "Córdoba", "A Coruña")),
            new Country("NL", "nl", List.of("Amsterdam", "Utrecht", "'s-Hertogenbosch")),
            new Country("JP", "ja", List.of("Tokyo", "Osaka", "東京")),
            new Country("CA", "fr_ca", List.of("Toronto", "Montréal", "Québec")),
            new Country("ZA", "en", List.of("Cape Town", "Johannesburg", "Durban")),
            new Country("IN", "en", List.of("Mumbai", "Bengaluru", "Pune")));

    private Vocabulary() {
    }

    private static Group group(String name, String topics, String words, String department, String role) {
        return new Group(name, List.of(topics.split("\\|")), words(words), department, role);
    }

    private static List<String> words(String spaced) {
        return Arrays.stream(spaced.split(" ")).toList();
    }
}
