package org.nodeoslab.site.labs;

import java.nio.file.Path;
import java.time.Duration;

import org.nodeoslab.emulator.cli.session.GuestSession;
import org.nodeoslab.emulator.cli.session.Limits;
import org.nodeoslab.image.agent.AgentResult;

/** The emulator's machine for a lab: a {@link GuestSession} restored from the start-up state, on the JVM. */
public final class SessionLabMachine implements LabMachine {

    /** The host's patience with a wait, on the wall clock, whatever the guest's clock says. */
    private static final Duration HOST_FACTOR_SLACK = Duration.ofMinutes(2);
    private static final Limits AGENT_READY = Limits.of(Duration.ofSeconds(60), Duration.ofMinutes(5));

    private final GuestSession session;

    private SessionLabMachine(GuestSession session) {
        this.session = session;
    }

    /** Restores {@code state} and waits for the lab agent. */
    public static SessionLabMachine restore(Path state) throws Exception {
        GuestSession session = GuestSession.restore(state);
        session.awaitAgent(AGENT_READY);
        return new SessionLabMachine(session);
    }

    @Override
    public String type(String line, Duration limit) throws Exception {
        return session.command(line, Limits.of(limit, limit.multipliedBy(4).plus(HOST_FACTOR_SLACK)));
    }

    @Override
    public Answer run(String command, Duration limit) throws Exception {
        AgentResult result = session.run(command, limit);
        return new Answer(result.status(), result.output(), result.timedOut());
    }

    @Override
    public String console() {
        return session.console();
    }

    public GuestSession session() {
        return session;
    }
}
