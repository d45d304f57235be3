/**
 * Policies: the containment contract of a job, loaded from YAML or JSON, validated as a whole (every
 * problem with its JSON path), composed with {@code extends} (a child may only narrow its base), and
 * linted. The entry point is {@link dev.airlock.policy.Policies}. Imports {@code support}, {@code budget}
 * and Jackson (the JSON Schema check runs on networknt's validator).
 */
package dev.airlock.policy;
