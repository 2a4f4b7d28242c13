package io.etiqueta.storage;

/**
 * The key layout every part of etiqueta reads and writes, chosen to be readable by a person browsing the bucket
 * (documented for users in docs/storage.md; keep the two in sync):
 *
 * <pre>
 * searches/&lt;searchId&gt;/search.json                      the search file as given, its seed and status
 * searches/&lt;searchId&gt;/trials/&lt;trialId&gt;/trial.json      one trial of a search: config, curves, test metrics
 *                                                      (finished trials never change)
 * searches/&lt;searchId&gt;/trials/&lt;trialId&gt;/bundle.etq      its model bundle
 * searches/&lt;searchId&gt;/trials/&lt;trialId&gt;/examples.json   test images it got wrong and right, for report galleries
 * trials/&lt;trialId&gt;/trial.json                          a trial run alone by 'etiqueta train'
 * trials/&lt;trialId&gt;/bundle.etq                          its model bundle
 * trials/&lt;trialId&gt;/examples.json
 * reports/&lt;reportId&gt;/index.html ...                    a report and the CSV/JSON behind it
 * champion.json                                        the promoted bundle (replaced by compare-and-swap)
 * promotions/&lt;sequence&gt;.json                          every promotion (8 digits), so a previous champion can be restored
 * features/&lt;baseId&gt;/&lt;fingerprint&gt;-&lt;preprocessing&gt;.bin  a frozen base's output per image of a dataset, computed once
 *                                                      and shared by every trial and search on that dataset and base
 * </pre>
 *
 * In {@code s3://bucket/prefix} every key sits under {@code prefix/}; in a local store it is a file under the folder.
 * Ids must be valid key segments (see {@link Store}): no '/', not "." or "..", not starting with ".etiqueta".
 */
public final class StoreLayout {
    public static final String CHAMPION = "champion.json";
    public static final String PROMOTIONS = "promotions/";
    public static final String SEARCHES = "searches/";
    public static final String TRIALS = "trials/";
    public static final String REPORTS = "reports/";
    public static final String FEATURES = "features/";
    public static final String TRIAL_FILE = "trial.json";
    public static final String BUNDLE_FILE = "bundle.etq";
    public static final String EXAMPLES_FILE = "examples.json";

    private StoreLayout() {}

    /** Folder of a trial: standalone when searchId is null, else inside its search. */
    public static String trialPrefix(String searchId, String trialId) {
        return (searchId == null ? TRIALS : SEARCHES + searchId + "/trials/") + trialId + "/";
    }

    public static String trialRecord(String searchId, String trialId) { return trialPrefix(searchId, trialId) + TRIAL_FILE; }

    public static String bundle(String searchId, String trialId) { return trialPrefix(searchId, trialId) + BUNDLE_FILE; }

    public static String examples(String searchId, String trialId) { return trialPrefix(searchId, trialId) + EXAMPLES_FILE; }

    public static String searchPrefix(String searchId) { return SEARCHES + searchId + "/"; }

    public static String searchRecord(String searchId) { return searchPrefix(searchId) + "search.json"; }

    public static String reportPrefix(String reportId) { return REPORTS + reportId + "/"; }

    /** A frozen base's cached features for a dataset (by its fingerprint) under one preprocessing (by its hash). */
    public static String features(String baseId, String datasetFingerprint, String preprocessing) {
        return FEATURES + baseId + "/" + datasetFingerprint + "-" + preprocessing + ".bin";
    }

    public static String promotion(long sequence) { return PROMOTIONS + String.format("%08d", sequence) + ".json"; }
}
