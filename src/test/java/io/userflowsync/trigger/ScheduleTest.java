package io.userflowsync.trigger;

import io.userflowsync.config.SettingsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {

    @ParameterizedTest(name = "{0} is every {1} ms")
    @CsvSource({"30s, 30000", "5m, 300000", "1h, 3600000", "1h30m, 5400000", "2M, 120000", "' 10s ', 10000"})
    void anIntervalRepeatsEveryPeriodStartingOnePeriodFromNow(String text, long millis) {
        Schedule schedule = Schedule.parse("sync.schedule", text);

        assertThat(schedule).isInstanceOf(Schedule.Interval.class);
        assertThat(schedule.quartzUri()).isEqualTo("quartz:userflow-connector-sync/reconcile?trigger.repeatCount=-1"
                + "&trigger.repeatInterval=" + millis + "&triggerStartDelay=" + millis);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'0 0/5 * * * ?', 'cron=0+0/5+*+*+*+?'", "'0 0 3 ? * MON-FRI 2030', 'cron=0+0+3+?+*+MON-FRI+2030'",
            "'0  0/5 *  * * ?', 'cron=0+0/5+*+*+*+?'"})
    void aQuartzCronIsPassedToQuartzWithItsFieldsIntact(String text, String parameter) {
        Schedule schedule = Schedule.parse("sync.schedule", text);

        assertThat(schedule).isInstanceOf(Schedule.Cron.class);
        assertThat(schedule.quartzUri()).isEqualTo("quartz:userflow-connector-sync/reconcile?" + parameter);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "*/5 * * * *|has 5 fields, but a Quartz cron starts with seconds|did you mean '0 */5 * * * ?'",
            "0 9 * * 1-5|has 5 fields|did you mean '0 0 9 ? * 1-5' (check the day-of-week",
            "0 0/5 * * * * *|not a valid Quartz cron expression|'0 0/5 * * * * *'",
            "every five minutes|must be an interval (30s, 5m, 1h) or a Quartz cron|got 'every five minutes'",
            "0s|must be at least 1s|got '0s'",
            "5|must be an interval|got '5'"})
    void aScheduleQuartzCannotUseIsRefusedWithAHint(String text, String reason, String hint) {
        assertThatThrownBy(() -> Schedule.parse("sync.schedule", text))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("setting sync.schedule")
                .hasMessageContaining(reason).hasMessageContaining(hint);
    }
}
