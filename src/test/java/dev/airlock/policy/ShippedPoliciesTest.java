package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShippedPoliciesTest {
  private static final Path POLICIES = Path.of("policies");
  private static final List<String> STRICT_DENIES = List.of("ptrace", "mount", "umount", "umount2", "unshare", "setns",
      "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd", "process_vm_readv",
      "process_vm_writev", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
      "personality");

  @Test
  void everyShippedPolicyIsValidAgainstTheSchemaFile() throws Exception {
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.newInputStream(POLICIES.resolve("schema/policy.schema.json")));
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(POLICIES)) {
      List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertTrue(yamls.size() >= 2);
      for (Path p : yamls) {
        JsonNode tree = new YAMLMapper().readTree(p.toFile());
        List<Error> errors = schema.validate(json.writeValueAsString(tree), InputFormat.JSON);
        assertTrue(errors.isEmpty(), p + ": " + errors);
        Policy loaded = Policies.load(p);
        assertEquals(tree.path("name").asText(), loaded.name());
      }
    }
  }

  @Test
  void theSchemaFileRejectsWhatTheLoaderRejectsStructurally() throws Exception {
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.newInputStream(POLICIES.resolve("schema/policy.schema.json")));
    for (String yaml : List.of("apiVersion: airlock/v1\nkind: Policy\nresources: {memroy: 1Gi}\n",
        "apiVersion: airlock/v1\nkind: Policy\nnetwork: {egress: open}\n",
        "apiVersion: airlock/v2\nkind: Policy\n")) {
      assertFalse(schema.validate(yaml, InputFormat.YAML).isEmpty(), yaml);
    }
  }

  @Test
  void baselineIsSecureByDefault() {
    Policy p = Policies.builtin("baseline");
    assertEquals(NetworkPolicy.Egress.NONE, p.network().egress());
    assertTrue(p.filesystem().readOnlyRoot());
    assertTrue(p.process().capabilities().isEmpty());
    assertTrue(p.process().noNewPrivileges());
    assertTrue(p.process().uid() != 0 && p.process().gid() != 0);
    assertEquals("default", p.process().seccomp().name());
    assertTrue(p.budget().wall().isPresent());
  }

  @Test
  void offlineExtendsBaselineWithTheStrictProfile() {
    Policy p = Policies.builtin("offline");
    assertEquals(List.of("offline (shipped)", "baseline (shipped)"), p.lineage());
    assertEquals("strict", p.process().seccomp().name());
  }

  @Test
  void strictDeniesEverythingTheDefaultDoesNotAndTheListedCallsBesides() throws Exception {
    SeccompProfile def = SeccompProfile.of("default", Files.readString(POLICIES.resolve("seccomp/default.json")));
    SeccompProfile strict = SeccompProfile.of("strict", Files.readString(POLICIES.resolve("seccomp/strict.json")));
    assertTrue(strict.widerThan(def).isEmpty(), "strict allows more than default: " + strict.widerThan(def));
    assertFalse(def.widerThan(strict).isEmpty());
    Set<String> allowedByStrict = new HashSet<>();
    for (String a : strict.allowances()) {
      allowedByStrict.add(a.contains(" ") ? a.substring(0, a.indexOf(' ')) : a);
    }
    for (String call : STRICT_DENIES) {
      assertFalse(allowedByStrict.contains(call), "strict allows " + call);
    }
    assertTrue(allowedByStrict.containsAll(List.of("read", "write", "execve", "clone", "futex")));
  }
}
