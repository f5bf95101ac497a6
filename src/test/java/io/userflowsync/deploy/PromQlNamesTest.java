package io.userflowsync.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reading of PromQL that checks the dashboard's and the rules' names against what the daemon serves. */
class PromQlNamesTest {
    @Test
    void functionsAggregationsKeywordsStringsAndRangesAreNoMetricNames() {
        PromQlNames names = PromQlNames.of("histogram_quantile(0.95, sum by (tenant, le) (rate(http_seconds_bucket"
                + "{tenant=~\"$tenant\", method!=\"GET\"}[$__rate_interval]))) > 1e3 and on (job, instance) "
                + "(up_metric == 1) unless time() - other_metric offset 5m > bool 60");

        assertThat(names.metrics()).containsExactly("http_seconds_bucket", "up_metric", "other_metric");
        assertThat(names.selectors()).containsEntry("http_seconds_bucket", Set.of("tenant", "method"))
                .containsEntry("up_metric", Set.of()).containsEntry("other_metric", Set.of());
        assertThat(names.grouping()).containsExactly("tenant", "le", "job", "instance");
    }

    @Test
    void groupingAfterTheAggregatedExpressionAndGroupLeftLabelsAreRead() {
        PromQlNames names = PromQlNames.of("max(a_metric{x=\"1\"}) without (y) * on (z) group_left (w) b_metric");

        assertThat(names.metrics()).containsExactly("a_metric", "b_metric");
        assertThat(names.grouping()).containsExactly("y", "z", "w");
    }

    @Test
    void aMatcherValueWithBracesOrCommasIsNoLabel() {
        PromQlNames names = PromQlNames.of("count_metric{result=~\"a|b,c\", tenant=\"{x}\"}");

        assertThat(names.selectors()).isEqualTo(Map.of("count_metric", Set.of("result", "tenant")));
    }

    @Test
    void grafanasLabelValuesNamesItsMetricAndLabel() {
        PromQlNames names = PromQlNames.of("label_values(some_metric, tenant)");

        assertThat(names.metrics()).containsExactly("some_metric");
        assertThat(names.grouping()).containsExactly("tenant");
    }

    @Test
    void aSelectorWithoutAMetricNameOrAnUnreadableMatcherIsRefused() {
        assertThatThrownBy(() -> PromQlNames.of("{__name__=~\"x.*\"}")).hasMessageContaining("without a metric name");
        assertThatThrownBy(() -> PromQlNames.of("m{tenant=~$tenant}")).hasMessageContaining("cannot read");
    }
}
