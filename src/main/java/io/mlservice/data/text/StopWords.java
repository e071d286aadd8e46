package io.mlservice.data.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.br.BrazilianAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.ckb.SoraniAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.et.EstonianAnalyzer;
import org.apache.lucene.analysis.eu.BasqueAnalyzer;
import org.apache.lucene.analysis.fa.PersianAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ga.IrishAnalyzer;
import org.apache.lucene.analysis.gl.GalicianAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.hy.ArmenianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.lt.LithuanianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.ne.NepaliAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.sr.SerbianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.ta.TamilAnalyzer;
import org.apache.lucene.analysis.te.TeluguAnalyzer;
import org.apache.lucene.analysis.th.ThaiAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;

/**
 * The stop words of every language Lucene's analysis-common ships, folded to lower-case ASCII like tokens are.
 */
public final class StopWords {
    private StopWords() {
    }

    /** Whether {@code token}, already folded and lower-cased, is a stop word of some language. */
    public static boolean contains(String token) {
        return Holder.WORDS.contains(token);
    }

    /** The number of distinct folded stop words. */
    public static int size() {
        return Holder.WORDS.size();
    }

    /** Codes of the languages whose lists were merged (ISO 639 where Lucene's package has one), in load order. */
    public static List<String> languages() {
        return Holder.LANGUAGES;
    }

    private static final class Holder {
        static final List<String> LANGUAGES = List.copyOf(sources().keySet());
        static final Set<String> WORDS = load();

        private static Set<String> load() {
            Set<String> words = new HashSet<>();
            for (Supplier<CharArraySet> source : sources().values()) {
                for (Object entry : source.get()) {
                    addFolded(entry instanceof char[] chars ? new String(chars) : entry.toString(), words);
                }
            }
            return Collections.unmodifiableSet(words);
        }

        /**
         * A stop word that folds to several words ("d'" in Irish, hyphenated forms) is kept only if it folds to
         * exactly one: its parts alone are not stop words. Words with no ASCII form fold to nothing and are gone,
         * as are the tokens they would have matched.
         */
        private static void addFolded(String stopWord, Set<String> words) {
            List<String> parts = new ArrayList<>(1);
            AsciiWords.split(stopWord, parts::add);
            if (parts.size() == 1) {
                words.add(parts.get(0));
            }
        }
    }

    /** Listed by hand because Lucene has no registry of analyzers; each list comes from the jar's resources. */
    private static Map<String, Supplier<CharArraySet>> sources() {
        Map<String, Supplier<CharArraySet>> sources = new LinkedHashMap<>();
        sources.put("ar", ArabicAnalyzer::getDefaultStopSet);
        sources.put("bg", BulgarianAnalyzer::getDefaultStopSet);
        sources.put("bn", BengaliAnalyzer::getDefaultStopSet);
        sources.put("pt-BR", BrazilianAnalyzer::getDefaultStopSet);
        sources.put("ca", CatalanAnalyzer::getDefaultStopSet);
        sources.put("cjk", CJKAnalyzer::getDefaultStopSet);
        sources.put("ckb", SoraniAnalyzer::getDefaultStopSet);
        sources.put("cs", CzechAnalyzer::getDefaultStopSet);
        sources.put("da", DanishAnalyzer::getDefaultStopSet);
        sources.put("de", GermanAnalyzer::getDefaultStopSet);
        sources.put("el", GreekAnalyzer::getDefaultStopSet);
        sources.put("en", StopWords::english);
        sources.put("es", SpanishAnalyzer::getDefaultStopSet);
        sources.put("et", EstonianAnalyzer::getDefaultStopSet);
        sources.put("eu", BasqueAnalyzer::getDefaultStopSet);
        sources.put("fa", PersianAnalyzer::getDefaultStopSet);
        sources.put("fi", FinnishAnalyzer::getDefaultStopSet);
        sources.put("fr", FrenchAnalyzer::getDefaultStopSet);
        sources.put("ga", IrishAnalyzer::getDefaultStopSet);
        sources.put("gl", GalicianAnalyzer::getDefaultStopSet);
        sources.put("hi", HindiAnalyzer::getDefaultStopSet);
        sources.put("hu", HungarianAnalyzer::getDefaultStopSet);
        sources.put("hy", ArmenianAnalyzer::getDefaultStopSet);
        sources.put("id", IndonesianAnalyzer::getDefaultStopSet);
        sources.put("it", ItalianAnalyzer::getDefaultStopSet);
        sources.put("lt", LithuanianAnalyzer::getDefaultStopSet);
        sources.put("lv", LatvianAnalyzer::getDefaultStopSet);
        sources.put("ne", NepaliAnalyzer::getDefaultStopSet);
        sources.put("nl", DutchAnalyzer::getDefaultStopSet);
        sources.put("no", NorwegianAnalyzer::getDefaultStopSet);
        sources.put("pt", PortugueseAnalyzer::getDefaultStopSet);
        sources.put("ro", RomanianAnalyzer::getDefaultStopSet);
        sources.put("ru", RussianAnalyzer::getDefaultStopSet);
        sources.put("sr", SerbianAnalyzer::getDefaultStopSet);
        sources.put("sv", SwedishAnalyzer::getDefaultStopSet);
        sources.put("ta", TamilAnalyzer::getDefaultStopSet);
        sources.put("te", TeluguAnalyzer::getDefaultStopSet);
        sources.put("th", ThaiAnalyzer::getDefaultStopSet);
        sources.put("tr", TurkishAnalyzer::getDefaultStopSet);
        return sources;
    }

    /**
     * EnglishAnalyzer's default is a 33-word list without pronouns or auxiliaries ("you", "have", "what");
     * Snowball's English list, shipped in the same jar, adds those, which would otherwise become text features.
     */
    private static CharArraySet english() {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.getDefaultStopSet(), false);
        try (InputStream in = SnowballFilter.class.getResourceAsStream("english_stop.txt")) {
            if (in == null) {
                throw new IllegalStateException("english_stop.txt missing from lucene-analysis-common");
            }
            words.addAll(WordlistLoader.getSnowballWordSet(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
