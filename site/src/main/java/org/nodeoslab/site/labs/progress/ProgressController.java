package org.nodeoslab.site.labs.progress;

import java.io.InputStream;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET}/{@code PUT /labs/api/progress/{token}}: a student's progress under their anonymous token (the lab
 * pages sync to it when the site serves them). Errors are problem details (RFC 9457) whose detail names the problem.
 * Absent from the static export ({@code site.labs.progress.enabled=false}).
 */
@RestController
@ConditionalOnBooleanProperty(name = "site.labs.progress.enabled", matchIfMissing = true)
class ProgressController {

    private final ProgressFiles files;

    ProgressController(ProgressFiles files) {
        this.files = files;
    }

    @GetMapping(value = ProgressProperties.API + "{token}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> load(@PathVariable String token) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .body(files.load(new ProgressToken(token)));
    }

    @PutMapping(value = ProgressProperties.API + "{token}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> save(@PathVariable String token, InputStream body) {
        ProgressToken checked = new ProgressToken(token);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .body(files.save(checked, body).bytes());
    }

    @ExceptionHandler(ProgressProblem.class)
    ResponseEntity<ProblemDetail> problem(ProgressProblem problem) {
        HttpStatus status = HttpStatus.valueOf(problem.kind().status());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, problem.getMessage()));
    }
}
