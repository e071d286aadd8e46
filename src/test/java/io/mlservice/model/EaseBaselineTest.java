package io.mlservice.model;

import io.mlservice.data.Interactions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EaseBaselineTest {

    private static final PlantedData PLANTED = PlantedData.generate(400, 200, 5, 12, 0.05, 21);

    @Test
    void choosesLambdaOnTheValidationSplitAndReportsOnTheHeldOutPart() {
        Interactions.Split split = PLANTED.interactions().split(0.2, 3);
        Interactions.Split inner = split.train().split(0.2, 4);
        Evaluator heldOut = new Evaluator(split.train(), split.test(), 10, 0, 5);

        EaseBaseline baseline = new EaseBaseline(1, 5, 0);
        EaseBaseline.Result result = baseline.run(split, inner, heldOut);

        assertThat(result.ran()).isTrue();
        double chosenOnValidation = baseline.chooseLambda(inner);
        // Refit on the whole training part with the penalty scaled to its size.
        assertThat(result.lambda()).isCloseTo(chosenOnValidation * split.train().size() / inner.train().size(),
                within(1e-6));
        Metrics popularity = heldOut.evaluate(new PopularityScorer(split.train()));
        assertThat(result.heldOut().precision()).isGreaterThan(2 * popularity.precision());
    }

    @Test
    void theChoiceDependsOnTheValidationSplitOnly() {
        Interactions.Split split = PLANTED.interactions().split(0.2, 3);
        Interactions.Split inner = split.train().split(0.2, 4);
        EaseBaseline baseline = new EaseBaseline(1, 5, 0);

        // The held-out part plays no part in choosing: the same inner split gives the same λ whatever is held out.
        double fromInner = baseline.chooseLambda(inner);
        Interactions.Split otherOuter = new Interactions.Split(split.train(), split.train());
        EaseBaseline.Result other = baseline.run(otherOuter, inner,
                new Evaluator(split.train(), split.train(), 10, 0, 5));
        assertThat(other.lambda()).isEqualTo(fromInner * split.train().size() / inner.train().size());
        assertThat(fromInner).isBetween(EaseBaseline.MIN_LAMBDA, EaseBaseline.MAX_LAMBDA);
    }

    @Test
    void refusesWithAClearMessageWhenTheMatricesWouldNotFit() {
        Interactions.Split split = PLANTED.interactions().split(0.2, 3);
        Interactions.Split inner = split.train().split(0.2, 4);
        EaseBaseline.Result result = new EaseBaseline(1, 5, 0, () -> 100_000L)
                .run(split, inner, new Evaluator(split.train(), split.test(), 10, 0, 5));

        assertThat(result.ran()).isFalse();
        assertThat(result.heldOut()).isEqualTo(Metrics.NONE);
        assertThat(result.skipped()).isEqualTo("EASE^R skipped: 200 items need 625 KiB of heap, 58 KiB available");
    }
}
