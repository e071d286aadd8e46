package io.mlservice.model;

import io.mlservice.data.Interactions;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Held-out evaluation as {@code lightfm.evaluation} defines it: for each user with test positives, every item not
 * among the user's training positives is ranked; a positive's rank is the number of other such items scoring at
 * least as high. Users are scored in blocks with one matrix product each.
 */
public final class Evaluator {
    private static final int BLOCK = 256;
    private static final int LINEAR_LIMIT = 16;

    private final Interactions train;
    private final Interactions test;
    private final int k;
    private final int[] users;

    /**
     * @param maxUsers at most this many users (a seeded sample) are evaluated, to bound the cost of scoring every
     *                 epoch on big tenants; 0 or less for all
     */
    public Evaluator(Interactions train, Interactions test, int k, int maxUsers, long seed) {
        this.train = train;
        this.test = test;
        this.k = k;
        this.users = sampleUsers(test.byUser(), test.userCount(), maxUsers, seed);
    }

    private Evaluator(Interactions train, Interactions test, int k, int[] users) {
        this.train = train;
        this.test = test;
        this.k = k;
        this.users = users;
    }

    /**
     * Two evaluators over disjoint halves of this one's users (alternate users), so that a choice made on one half
     * can be scored on the other; pooled with {@link Metrics#pooled}, their figures cover the same users as this.
     */
    public List<Evaluator> halves() {
        int[] first = new int[(users.length + 1) / 2];
        int[] second = new int[users.length / 2];
        for (int i = 0; i < users.length; i++) {
            if (i % 2 == 0) {
                first[i / 2] = users[i];
            } else {
                second[i / 2] = users[i];
            }
        }
        return List.of(new Evaluator(train, test, k, first), new Evaluator(train, test, k, second));
    }

    public Metrics evaluate(ItemScorer scorer) {
        int n = scorer.itemCount();
        float[] scores = new float[BLOCK * n];
        float[] candidates = new float[n];
        Interactions.ByUser trainBy = train.byUser();
        Interactions.ByUser testBy = test.byUser();
        double auc = 0;
        double precision = 0;
        double recall = 0;
        int evaluated = 0;
        int[] block = new int[BLOCK];
        for (int from = 0; from < users.length; from += BLOCK) {
            int count = Math.min(BLOCK, users.length - from);
            System.arraycopy(users, from, block, 0, count);
            scorer.score(block, count, scores);
            for (int r = 0; r < count; r++) {
                UserResult res = evaluateUser(block[r], scores, r * n, n, trainBy, testBy, candidates);
                if (res != null) {
                    auc += res.auc;
                    precision += res.hits / (double) k;
                    recall += res.hits / (double) res.positives;
                    evaluated++;
                }
            }
        }
        if (evaluated == 0) {
            return Metrics.NONE;
        }
        return new Metrics(auc / evaluated, precision / evaluated, recall / evaluated, k, evaluated);
    }

    private record UserResult(double auc, int hits, int positives) {
    }

    private UserResult evaluateUser(int u, float[] scores, int base, int n, Interactions.ByUser trainBy,
                                    Interactions.ByUser testBy, float[] candidates) {
        int tFrom = testBy.start(u);
        int tTo = testBy.end(u);
        int nPositives = 0;
        for (int p = tFrom; p < tTo; p++) {
            if (!trainBy.contains(u, testBy.item(p))) {
                nPositives++;
            }
        }
        int nCandidates = n - trainBy.count(u);
        int nNegatives = nCandidates - nPositives;
        if (nPositives == 0 || nNegatives <= 0) {
            return null;
        }
        boolean sorted = nPositives > LINEAR_LIMIT;
        int m = 0;
        if (sorted) {
            int next = trainBy.start(u);
            int end = trainBy.end(u);
            for (int i = 0; i < n; i++) {
                if (next < end && trainBy.item(next) == i) {
                    next++;
                    continue;
                }
                candidates[m++] = scores[base + i];
            }
            Arrays.sort(candidates, 0, m);
        }
        double aucSum = 0;
        int hits = 0;
        for (int p = tFrom; p < tTo; p++) {
            int item = testBy.item(p);
            if (trainBy.contains(u, item)) {
                continue;
            }
            float s = scores[base + item];
            int atLeast;
            int above;
            if (sorted) {
                above = m - upperBound(candidates, m, s);
                atLeast = m - lowerBound(candidates, m, s);
            } else {
                above = 0;
                atLeast = 0;
                for (int i = 0; i < n; i++) {
                    float o = scores[base + i];
                    if (o >= s && !trainBy.contains(u, i)) {
                        atLeast++;
                        if (o > s) {
                            above++;
                        }
                    }
                }
            }
            int rank = atLeast - 1;
            if (rank < k) {
                hits++;
            }
            // Test positives other than this one are not negatives; count how many sit above or level.
            int positivesAbove = 0;
            int positivesLevel = 0;
            for (int q = tFrom; q < tTo; q++) {
                int other = testBy.item(q);
                if (other == item || trainBy.contains(u, other)) {
                    continue;
                }
                float o = scores[base + other];
                if (o > s) {
                    positivesAbove++;
                } else if (o == s) {
                    positivesLevel++;
                }
            }
            double negAbove = above - positivesAbove;
            double negLevel = (atLeast - above - 1) - positivesLevel;
            aucSum += (nNegatives - negAbove - 0.5 * negLevel) / nNegatives;
        }
        return new UserResult(aucSum / nPositives, hits, nPositives);
    }

    private static int lowerBound(float[] a, int len, float key) {
        int lo = 0;
        int hi = len;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(float[] a, int len, float key) {
        int lo = 0;
        int hi = len;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int[] sampleUsers(Interactions.ByUser testBy, int userCount, int maxUsers, long seed) {
        int[] withTest = new int[userCount];
        int m = 0;
        for (int u = 0; u < userCount; u++) {
            if (testBy.count(u) > 0) {
                withTest[m++] = u;
            }
        }
        if (maxUsers > 0 && m > maxUsers) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < maxUsers; i++) {
                int j = i + random.nextInt(m - i);
                int tmp = withTest[i];
                withTest[i] = withTest[j];
                withTest[j] = tmp;
            }
            m = maxUsers;
            Arrays.sort(withTest, 0, m);
        }
        return Arrays.copyOf(withTest, m);
    }
}
