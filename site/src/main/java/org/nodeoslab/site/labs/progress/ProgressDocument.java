package org.nodeoslab.site.labs.progress;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A student's progress as the server keeps it: the lab page's export format (lab-progress.js),
 * {@code {"format": "nodeos-lab-progress", "version": 1, "labs": {"<lab id>": {"passed": [1, 2], "timeMs": 60000,
 * "updated": "2026-12-06T09:00:00Z"}}}}. {@link #parse} accepts only that shape and returns it rewritten from the
 * checked values alone (no unknown keys, no machine flag: machines stay in the browser that saved them).
 */
public final class ProgressDocument {

    static final String FORMAT = "nodeos-lab-progress";
    private static final Set<String> TOP_KEYS = Set.of("format", "version", "labs", "exported");
    private static final Set<String> LAB_KEYS = Set.of("passed", "timeMs", "updated", "machine");
    private static final Pattern LAB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final int MAX_LABS = 500;
    private static final int MAX_STEP = 1000;
    private static final long MAX_TIME_MS = 10L * 365 * 24 * 3600 * 1000;
    private static final int MAX_TEXT = 40;

    /** Strict reading: one JSON value and nothing after it, no key twice. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private final ObjectNode json;

    private ProgressDocument(ObjectNode json) {
        this.json = json;
    }

    /** The checked document; a {@link ProgressProblem} (400) names the first thing wrong with it. */
    public static ProgressDocument parse(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw bad("the progress document is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("the progress document must be a JSON object");
        }
        onlyKeys(root, TOP_KEYS, "the progress document");
        if (!FORMAT.equals(root.path("format").stringValue(null))) {
            throw bad("\"format\" must be \"" + FORMAT + "\"");
        }
        if (!root.path("version").isIntegralNumber() || root.path("version").longValue() != 1) {
            throw bad("\"version\" must be 1");
        }
        JsonNode labs = root.path("labs");
        if (!labs.isObject()) {
            throw bad("\"labs\" must be an object of lab ids");
        }
        if (labs.size() > MAX_LABS) {
            throw bad("\"labs\" holds " + labs.size() + " labs; at most " + MAX_LABS + " are kept");
        }
        ObjectNode clean = JSON.createObjectNode();
        clean.put("format", FORMAT);
        clean.put("version", 1);
        ObjectNode cleanLabs = clean.putObject("labs");
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        labs.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> lab : sorted.entrySet()) {
            String id = lab.getKey();
            if (!LAB_ID.matcher(id).matches()) {
                throw bad("labs: '" + printable(id) + "' is not a lab id (letters, digits, '.', '_', '-'; at most 80)");
            }
            cleanLabs.set(id, lab(id, lab.getValue()));
        }
        return new ProgressDocument(clean);
    }

    private static ObjectNode lab(String id, JsonNode lab) {
        String where = "labs." + id;
        if (!lab.isObject()) {
            throw bad(where + " must be an object");
        }
        onlyKeys(lab, LAB_KEYS, where);
        JsonNode passed = lab.path("passed");
        if (!passed.isArray() || passed.size() > MAX_STEP) {
            throw bad(where + ".passed must be a list of at most " + MAX_STEP + " step numbers");
        }
        TreeSet<Integer> steps = new TreeSet<>();
        for (int i = 0; i < passed.size(); i++) {
            JsonNode step = passed.get(i);
            if (!step.isIntegralNumber() || step.longValue() < 1 || step.longValue() > MAX_STEP) {
                throw bad(where + ".passed[" + i + "] must be a whole number from 1 to " + MAX_STEP);
            }
            steps.add(step.intValue());
        }
        JsonNode time = lab.path("timeMs");
        if (!time.isMissingNode() && !(time.isNumber() && time.doubleValue() >= 0 && time.doubleValue() <= MAX_TIME_MS)) {
            throw bad(where + ".timeMs must be a number of milliseconds from 0 to " + MAX_TIME_MS);
        }
        JsonNode updated = lab.path("updated");
        if (!updated.isMissingNode() && !updated.isNull() && !(updated.isString() && updated.stringValue().length() <= MAX_TEXT)) {
            throw bad(where + ".updated must be a date text of at most " + MAX_TEXT + " characters, or null");
        }
        JsonNode machine = lab.path("machine");
        if (!machine.isMissingNode() && !machine.isBoolean()) {
            throw bad(where + ".machine must be true or false");
        }
        ObjectNode clean = JSON.createObjectNode();
        ArrayNode list = clean.putArray("passed");
        steps.forEach(list::add);
        clean.put("timeMs", time.isMissingNode() ? 0 : Math.round(time.doubleValue()));
        if (updated.isString()) {
            clean.put("updated", updated.stringValue());
        } else {
            clean.putNull("updated");
        }
        return clean;
    }

    private static void onlyKeys(JsonNode object, Set<String> allowed, String where) {
        for (String key : object.propertyNames()) {
            if (!allowed.contains(key)) {
                throw bad(where + " has an unknown key '" + printable(key) + "' (known: " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    private static String printable(String text) {
        String shown = text.replaceAll("[^\\x20-\\x7e]", "?");
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }

    private static ProgressProblem bad(String message) {
        return new ProgressProblem(ProgressProblem.Kind.BAD_REQUEST, message);
    }

    public byte[] bytes() {
        return JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
    }

    public int labCount() {
        return json.path("labs").size();
    }
}
