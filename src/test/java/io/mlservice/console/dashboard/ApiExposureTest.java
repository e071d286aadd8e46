package io.mlservice.console.dashboard;

import io.mlservice.config.BindAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which listen addresses the dashboard warns about. */
class ApiExposureTest {

    @ParameterizedTest
    @ValueSource(strings = {"*:5000", "0.0.0.0:5000", "[::]:5000"})
    void everyInterfaceIsExposed(String bind) {
        ApiExposure e = ApiExposure.of(BindAddress.parse(bind));
        assertThat(e.exposed()).isTrue();
        assertThat(e.reach()).isEqualTo("every network interface");
        assertThat(e.warning()).contains("every network interface").contains("firewall closes port 5000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8:5000", "[2001:4860:4860::8888]:5000", "172.32.0.1:5000"})
    void aPublicAddressIsExposed(String bind) {
        ApiExposure e = ApiExposure.of(BindAddress.parse(bind));
        assertThat(e.exposed()).isTrue();
        assertThat(e.reach()).isEqualTo("a public address");
        assertThat(e.warning()).contains("a public address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3:5000", "172.16.0.1:5000", "192.168.1.20:5000", "169.254.10.1:5000",
            "[fe80::1]:5000", "[fd12:3456::1]:5000"})
    void privateAddressesReachThePrivateNetwork(String bind) {
        ApiExposure e = ApiExposure.of(BindAddress.parse(bind));
        assertThat(e.exposed()).isFalse();
        assertThat(e.warning()).isNull();
        assertThat(e.reach()).isEqualTo("your private network");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:5000", "[::1]:5000", "localhost:5000", "127.0.0.2:0"})
    void loopbackStaysOnThisComputer(String bind) {
        ApiExposure e = ApiExposure.of(BindAddress.parse(bind));
        assertThat(e.exposed()).isFalse();
        assertThat(e.reach()).isEqualTo("this computer only");
    }
}
