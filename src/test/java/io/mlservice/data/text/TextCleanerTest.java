package io.mlservice.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TextCleanerTest {
    private final TextCleaner cleaner = new TextCleaner();

    @Test
    void dropsUrls() {
        assertThat(cleaner.clean("Slides at https://example.org/a?b=1&c=2 and http://x.io, visit www.totara.com/path"))
                .isEqualTo("slides visit");
        assertThat(cleaner.clean("HTTPS://EXAMPLE.ORG/Upper case scheme")).isEqualTo("case scheme");
    }

    @Test
    void dropsUrlsGluedToPunctuationButNotToWords() {
        assertThat(cleaner.clean("Link:https://example.org/x (www.example.org)")).isEqualTo("link");
        assertThat(cleaner.clean("xhttp://example.org")).isEqualTo("xhttp example org");
    }

    @Test
    void keepsWordsThatMerelyStartWithHttp() {
        assertThat(cleaner.clean("httpd configuration")).isEqualTo("httpd configuration");
        assertThat(cleaner.clean("http: www. plain")).as("www is in Lucene's CJK stop list").isEqualTo("http plain");
    }

    @Test
    void dropsEmailAddressesButNotUndottedOnes() {
        assertThat(cleaner.clean("Write to help@example.com.")).isEqualTo("write");
        assertThat(cleaner.clean("root@localhost console")).isEqualTo("root localhost console");
        assertThat(cleaner.clean("trailing@ @example.org a@.example")).isEqualTo("trailing example org example");
    }

    @Test
    void dropsEmailAddresses() {
        assertThat(cleaner.clean("Ask john.doe+lms@example.co.uk or <josé@exemple.fr> today"))
                .isEqualTo("ask today");
        assertThat(cleaner.clean("Handle @mentions kept")).isEqualTo("handle mentions kept");
    }

    @Test
    void foldsAccentsToAscii() {
        assertThat(cleaner.clean("Café naïve")).isEqualTo("cafe naive");
        assertThat(cleaner.clean("Ångström résumé ﬁnance")).isEqualTo("angstrom resume finance");
    }

    @Test
    void dropsLettersWithoutAsciiFormInPlace() {
        assertThat(cleaner.clean("Straße")).isEqualTo("strae");
        assertThat(cleaner.clean("Привет world")).isEqualTo("world");
    }

    @Test
    void dropsDigitsAndPunctuationAsSeparators() {
        assertThat(cleaner.clean("Excel2019: pivot-tables, (advanced)... 100% #data_science"))
                .isEqualTo("excel pivot tables advanced data science");
        assertThat(cleaner.clean("agile—scrum “kanban” lean’s")).isEqualTo("agile scrum kanban lean");
    }

    @Test
    void keepsSoftHyphenatedWordsWhole() {
        assertThat(cleaner.clean("infor\u00ADmation")).isEqualTo("information");
    }

    @Test
    void collapsesWhitespaceAndLowerCases() {
        assertThat(cleaner.clean("  Project\t\tMANAGEMENT \n\n Basics  ")).isEqualTo("project management basics");
    }

    @Test
    void dropsStopWordsOfSeveralLanguages() {
        assertThat(cleaner.clean("The python course")).isEqualTo("python course");
        assertThat(cleaner.clean("les cours de python")).isEqualTo("cours python");
        assertThat(cleaner.clean("Python und Java")).isEqualTo("python java");
        assertThat(cleaner.clean("los cursos de Python")).isEqualTo("cursos python");
        assertThat(cleaner.clean("Über étant")).as("stop words match after folding").isEmpty();
    }

    @Test
    void dropsOneLetterTokens() {
        assertThat(cleaner.clean("x y z Plan B vitamin C")).isEqualTo("plan vitamin");
    }

    @Test
    void tokensKeepOrderAndRepeats() {
        assertThat(cleaner.tokens("Python, python and PYTHON scripts")).containsExactly("python", "python", "python",
                "scripts");
    }

    @Test
    void givesNothingForNullBlankOrStopWordOnlyText() {
        assertThat(cleaner.tokens(null)).isEmpty();
        assertThat(cleaner.clean("")).isEmpty();
        assertThat(cleaner.clean(" \t 42 !! ")).isEmpty();
        assertThat(cleaner.clean("the and of les und los")).isEmpty();
    }

    @Test
    void acceptsACustomStopWordPredicate() {
        TextCleaner keepAll = new TextCleaner(token -> false);
        TextCleaner dropPython = new TextCleaner(Set.of("python")::contains);
        assertThat(keepAll.clean("The end")).isEqualTo("the end");
        assertThat(dropPython.clean("Python and Java")).isEqualTo("and java");
    }
}
