package org.nodeoslab.emulator.cli.session;

import java.time.Duration;

/**
 * How long a wait on the guest may take: {@code guest} on the machine's own clock (deterministic: on the virtual
 * clock it counts instructions and skipped idle time at the nominal 100 MHz) and {@code host} on the wall clock, so
 * that a slow or loaded host cannot hang the caller.
 */
public record Limits(Duration guest, Duration host) {
    private static final Duration NO_GUEST_LIMIT = Duration.ofDays(36_500);

    /** No guest-side limit: stop on the host's clock only. */
    public static Limits host(Duration host) {
        return new Limits(NO_GUEST_LIMIT, host);
    }

    public static Limits of(Duration guest, Duration host) {
        return new Limits(guest, host);
    }
}
