package io.mlservice.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "*:5000          | null      | 5000",
            "0.0.0.0:5000    | 0.0.0.0   | 5000",
            "127.0.0.1:5000  | 127.0.0.1 | 5000",
            "[::1]:5000      | ::1       | 5000",
            "[::]:80         | ::        | 80",
            "localhost:8080  | localhost | 8080",
            "ml_service:0    | ml_service| 0",
            "' *:65535 '     | null      | 65535"})
    void readsTheFormsTheOriginalAccepts(String text, String host, int port) {
        BindAddress address = BindAddress.parse(text);

        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*:5000", "0.0.0.0:5000", "127.0.0.1:5000", "[::1]:5000", "localhost:8080"})
    void printsTheTextItWasReadFrom(String text) {
        assertThat(BindAddress.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*:5000          | http://127.0.0.1:5000/",
            "0.0.0.0:5000    | http://127.0.0.1:5000/",
            "[::]:5000       | http://127.0.0.1:5000/",
            "127.0.0.1:5000  | http://127.0.0.1:5000/",
            "[::1]:5000      | http://[::1]:5000/",
            "[fe80::1%eth0]:80 | http://[fe80::1%eth0]:80/",
            "localhost:8080  | http://localhost:8080/"})
    void aClientOnThisComputerReachesTheApiAtItsLocalUri(String bind, String uri) {
        assertThat(BindAddress.parse(bind).localUri()).hasToString(uri);
    }

    @Test
    void anIpv6AddressIsBracketedWhereverAPortFollowsIt() {
        assertThat(BindAddress.httpUrl("::1", 5000)).isEqualTo("http://[::1]:5000");
        assertThat(BindAddress.httpUrl("10.1.2.3", 5000)).isEqualTo("http://10.1.2.3:5000");
        assertThat(BindAddress.hostAndPort("2001:db8::7", "50")).isEqualTo("[2001:db8::7]:50");
        assertThat(BindAddress.hostAndPort("lms.example.org", "")).isEqualTo("lms.example.org:");
    }

    @Test
    void everyInterfaceIsTheStarAndTheUnspecifiedAddresses() {
        assertThat(BindAddress.parse("*:1").allInterfaces()).isTrue();
        assertThat(BindAddress.parse("0.0.0.0:1").allInterfaces()).isTrue();
        assertThat(BindAddress.parse("[::]:1").allInterfaces()).isTrue();
        assertThat(BindAddress.parse("127.0.0.1:1").allInterfaces()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5000            | expected host:port, e.g. *:5000",
            ":5000           | the host is missing",
            "[::1]           | the port is missing",
            "localhost       | expected host:port",
            "*:              | the port is missing",
            "*:70000         | the port 70000 is above 65535",
            "*:99999999999   | is above 65535",
            "*:http          | the port is not a number",
            "::1:5000        | an IPv6 address needs brackets",
            "[::1:5000       | no closing ]",
            "[local]:5000    | not an IPv6 address",
            "my host:5000    | the host is neither",
            "''              | expected host:port"})
    void refusesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> BindAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text.trim() + "' is not a listen address: ")
                .hasMessageContaining(reason);
    }

    @Test
    void refusesAPortOutsideTheRangeWhenBuilt() {
        assertThatThrownBy(() -> new BindAddress("localhost", 65536)).hasMessageContaining("outside 0..65535");
        assertThatThrownBy(() -> BindAddress.parse("*:1").withPort(-1)).hasMessageContaining("outside 0..65535");
    }
}
