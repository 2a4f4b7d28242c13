package io.etiqueta.search.lease;

import io.etiqueta.errors.UserError;
import java.time.Duration;

/** Another process holds a fresh lease on the search: refused, naming the owner and its heartbeat's age. */
public final class LeaseHeldException extends UserError {
    private final String owner;
    private final Duration heartbeatAge;

    public LeaseHeldException(String searchId, String owner, Duration heartbeatAge, Duration staleAfter) {
        super(Kind.LEASE_HELD, "search " + searchId + " is being run by " + owner + " (last heartbeat " + heartbeatAge.toSeconds()
                + " s ago); a lease is taken over when its heartbeat is older than " + staleAfter.toSeconds()
                + " s, or now with --force if that process is surely gone");
        this.owner = owner;
        this.heartbeatAge = heartbeatAge;
    }

    public String owner() { return owner; }

    public Duration heartbeatAge() { return heartbeatAge; }
}
