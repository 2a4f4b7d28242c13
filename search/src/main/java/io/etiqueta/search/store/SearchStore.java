package io.etiqueta.search.store;

import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.trial.TrialRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A search's state in a store: {@code searches/<id>/search.json}; per trial {@code trials/<trialId>/request.json}
 * (what to train, {@link TrialAssignment}), {@code trial.json} (its record) and {@code progress.json} (its epochs so
 * far, {@link TrialProgress}), and a {@code cancel} marker; and the search's {@code stop} marker. The store is the single source of truth: a running search writes as it goes and a
 * resume reads everything back from here.
 *
 * <p>Trial records are written in two steps: RUNNING when the trial starts, then its final state exactly once,
 * by compare-and-swap against the RUNNING record. A final record is never replaced, by anyone.
 */
public final class SearchStore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final Store store;

    public SearchStore(Store store) { this.store = store; }

    /** A running search whose record has not been rewritten (its heartbeat) for this long is probably interrupted. */
    public static final Duration STALE = Duration.ofMinutes(5);

    /**
     * How long a RUNNING search has gone without a heartbeat, when that is longer than {@link #STALE} (its process
     * was probably killed and the search should be resumed); empty otherwise.
     */
    public static Optional<Duration> staleFor(SearchRecord search, Instant now) {
        if (search.status() != SearchStatus.RUNNING || search.updated() == null) return Optional.empty();
        Duration silent = Duration.between(search.updated(), now);
        return silent.compareTo(STALE) > 0 ? Optional.of(silent) : Optional.empty();
    }

    public Store store() { return store; }

    /** Trial ids are the 1-based trial number, zero-padded so that key order is trial order. */
    public static String trialId(int number) { return String.format("t%04d", number); }

    public static String stopKey(String searchId) { return StoreLayout.searchPrefix(searchId) + "stop"; }

    /** Creates a new search record under a fresh id, {@code <name>-<yyyyMMdd-HHmmss>} (suffixed on a clash). */
    public SearchRecord create(SearchSpec spec, String source, String file, Instant now, String owner) {
        String base = spec.name() + "-" + STAMP.format(now);
        for (int i = 1; ; i++) {
            String id = i == 1 ? base : base + "-" + i;
            SearchRecord r = new SearchRecord(SearchRecord.FORMAT_VERSION, id, spec.name(), file, source, spec, SearchStatus.RUNNING,
                    null, now, now, null, 0, 0, SearchRecord.Counts.NONE, null, null, owner);
            if (store.createIfAbsent(StoreLayout.searchRecord(id), Json.bytes(r))) return r;
        }
    }

    public Optional<SearchRecord> load(String searchId) {
        return store.get(StoreLayout.searchRecord(searchId)).map(b -> Json.read(b, SearchRecord.class));
    }

    public void save(SearchRecord record) { store.put(StoreLayout.searchRecord(record.id()), Json.bytes(record)); }

    /** Every search in the store, newest first. */
    public List<SearchRecord> list() {
        List<SearchRecord> out = new ArrayList<>();
        for (String key : store.list(StoreLayout.SEARCHES)) {
            String rest = key.substring(StoreLayout.SEARCHES.length());
            if (rest.indexOf('/') == rest.lastIndexOf('/') && rest.endsWith("/search.json")) {
                store.get(key).ifPresent(b -> out.add(Json.read(b, SearchRecord.class)));
            }
        }
        out.sort(Comparator.comparing(SearchRecord::created).reversed().thenComparing(SearchRecord::id));
        return out;
    }

    /** The search's trials in trial order, whatever their state. */
    public List<TrialRecord> trials(String searchId) {
        String prefix = StoreLayout.searchPrefix(searchId) + "trials/";
        List<TrialRecord> out = new ArrayList<>();
        for (String key : store.list(prefix)) {
            if (key.endsWith("/" + StoreLayout.TRIAL_FILE) && key.indexOf('/', prefix.length()) == key.length() - StoreLayout.TRIAL_FILE.length() - 1) {
                store.get(key).ifPresent(b -> out.add(Json.read(b, TrialRecord.class)));
            }
        }
        out.sort(Comparator.comparingInt(TrialRecord::number));
        return out;
    }

    /** The search's trials in trial order, taking those in {@code known} (final records, which never change) without reading them again. */
    public List<TrialRecord> trials(String searchId, java.util.Map<String, TrialRecord> known) {
        String prefix = StoreLayout.searchPrefix(searchId) + "trials/";
        List<TrialRecord> out = new ArrayList<>();
        for (String key : store.list(prefix)) {
            if (key.endsWith("/" + StoreLayout.TRIAL_FILE) && key.indexOf('/', prefix.length()) == key.length() - StoreLayout.TRIAL_FILE.length() - 1) {
                String trialId = key.substring(prefix.length(), key.length() - StoreLayout.TRIAL_FILE.length() - 1);
                TrialRecord cached = known.get(trialId);
                if (cached != null) out.add(cached);
                else store.get(key).ifPresent(b -> out.add(Json.read(b, TrialRecord.class)));
            }
        }
        out.sort(Comparator.comparingInt(TrialRecord::number));
        return out;
    }

    public Optional<TrialRecord> trial(String searchId, String trialId) {
        return store.get(StoreLayout.trialRecord(searchId, trialId)).map(b -> Json.read(b, TrialRecord.class));
    }

    /**
     * Records a trial as RUNNING. Returns false (and writes nothing) when the trial already has a final record; a
     * RUNNING record left by an interrupted run is replaced: that trial is redone.
     */
    public boolean markRunning(TrialRecord running) {
        String key = StoreLayout.trialRecord(running.searchId(), running.id());
        byte[] bytes = Json.bytes(running);
        for (int attempt = 0; attempt < 5; attempt++) {
            var current = store.getVersioned(key);
            if (current.isEmpty()) {
                if (store.createIfAbsent(key, bytes)) return true;
                continue;
            }
            if (Json.read(current.get().content(), TrialRecord.class).state().finished()) return false;
            if (store.replace(key, bytes, current.get().version())) return true;
        }
        throw new IllegalStateException("trial " + running.id() + " of search " + running.searchId() + " is being written by another process");
    }

    /** Writes a trial's final record, once: refuses (IllegalStateException) when the trial is already final. */
    public void finish(TrialRecord done) {
        if (!done.state().finished()) throw new IllegalArgumentException("not a final state: " + done.state());
        String key = StoreLayout.trialRecord(done.searchId(), done.id());
        byte[] bytes = Json.bytes(done);
        for (int attempt = 0; attempt < 5; attempt++) {
            var current = store.getVersioned(key);
            if (current.isEmpty()) {
                if (store.createIfAbsent(key, bytes)) return;
                continue;
            }
            TrialRecord existing = Json.read(current.get().content(), TrialRecord.class);
            if (existing.state().finished()) {
                throw new IllegalStateException("trial " + done.id() + " of search " + done.searchId() + " is already " + existing.state().id() + "; finished trials never change");
            }
            if (store.replace(key, bytes, current.get().version())) return;
        }
        throw new IllegalStateException("trial " + done.id() + " of search " + done.searchId() + " is being written by another process");
    }

    public static String requestKey(String searchId, String trialId) { return StoreLayout.trialPrefix(searchId, trialId) + "request.json"; }

    public static String progressKey(String searchId, String trialId) { return StoreLayout.trialPrefix(searchId, trialId) + "progress.json"; }

    public static String cancelKey(String searchId, String trialId) { return StoreLayout.trialPrefix(searchId, trialId) + "cancel"; }

    /** Writes what a trial is to do; a request already there is kept (it never changes once written). */
    public void writeRequest(TrialAssignment request) {
        store.createIfAbsent(requestKey(request.searchId(), request.trialId()), Json.bytes(request));
    }

    public Optional<TrialAssignment> request(String searchId, String trialId) {
        return store.get(requestKey(searchId, trialId)).map(b -> Json.read(b, TrialAssignment.class));
    }

    /** Every trial request of the search, in trial order. */
    public List<TrialAssignment> requests(String searchId) {
        List<TrialAssignment> out = new ArrayList<>();
        for (String key : store.list(StoreLayout.searchPrefix(searchId) + "trials/")) {
            if (key.endsWith("/request.json")) store.get(key).ifPresent(b -> out.add(Json.read(b, TrialAssignment.class)));
        }
        out.sort(Comparator.comparingInt(TrialAssignment::number));
        return out;
    }

    /** Records a running trial's epochs so far (trial.json is not touched). */
    public void writeProgress(String searchId, TrialProgress progress) {
        store.put(progressKey(searchId, progress.trialId()), Json.bytes(progress));
    }

    public Optional<TrialProgress> progress(String searchId, String trialId) {
        return store.get(progressKey(searchId, trialId)).map(b -> Json.read(b, TrialProgress.class));
    }

    /** Asks whoever trains the trial to end it after its current epoch (it ends PRUNED with the reason). */
    public void requestCancel(String searchId, String trialId, String reason) {
        store.put(cancelKey(searchId, trialId), Json.bytes(java.util.Map.of("reason", reason, "requested", Instant.now().toString())));
    }

    /** Why the trial was asked to end, if it was. */
    public Optional<String> cancelRequested(String searchId, String trialId) {
        return store.get(cancelKey(searchId, trialId)).map(b -> String.valueOf(Json.read(b, java.util.Map.class).get("reason")));
    }

    /** Asks the process running the search to stop (it polls before every trial). */
    public void requestStop(String searchId) { requestStop(searchId, false); }

    /** With {@code now}, running trials end after their current epoch too (recorded PRUNED, "cancelled"). */
    public void requestStop(String searchId, boolean now) {
        store.put(stopKey(searchId), Json.bytes(java.util.Map.of("requested", Instant.now().toString(), "now", now)));
    }

    public boolean stopRequested(String searchId) { return store.exists(stopKey(searchId)); }

    /** The search's stop marker: empty when there is none, true when it asks running trials to end too ({@code --now}). */
    public Optional<Boolean> stopMarker(String searchId) {
        return store.get(stopKey(searchId)).map(b -> Boolean.TRUE.equals(Json.read(b, java.util.Map.class).get("now")));
    }

    public void clearStop(String searchId) { store.delete(stopKey(searchId)); }
}
