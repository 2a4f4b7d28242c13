package io.etiqueta.search.lease;

import java.time.Duration;
import java.time.Instant;

/**
 * The lease as stored: who holds it and when it last said so.
 *
 * @param owner     host/pid of the holder
 * @param token     unique per acquisition, so a holder recognises its own lease
 * @param acquired  when this holder took it
 * @param heartbeat the holder's last renewal
 * @param released  when the holder let it go (its run ended); null while held. Released by compare-and-swap rather
 *                  than deleted, so that a holder ending can never remove a lease another process just took
 */
public record LeaseRecord(String owner, String token, Instant acquired, Instant heartbeat, Instant released) {
    public Duration age(Instant now) {
        Duration age = Duration.between(heartbeat, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    public boolean held() { return released == null; }

    LeaseRecord renewed(Instant now) { return new LeaseRecord(owner, token, acquired, now, null); }

    LeaseRecord releasedAt(Instant now) { return new LeaseRecord(owner, token, acquired, heartbeat, now); }
}
