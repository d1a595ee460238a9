package org.nodeoslab.site.labs.progress;

/** Why a progress request cannot be served, with a message naming the problem, for the student's page to show. */
public class ProgressProblem extends RuntimeException {

    /** Each kind is one HTTP status: 400, 404, 413. */
    public enum Kind {
        BAD_REQUEST(400), NOT_FOUND(404), TOO_LARGE(413);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public ProgressProblem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
