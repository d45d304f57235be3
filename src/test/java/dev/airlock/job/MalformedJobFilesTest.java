package dev.airlock.job;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A corpus of broken job files: each is rejected, naming the path of what is wrong and saying how. */
class MalformedJobFilesTest {
  private static final String HEAD = "apiVersion: airlock/v1\nkind: Job\n";
  private static final String OK = HEAD + "command: [\"true\"]\npolicy: baseline\n";
  private static final String AGENT = "agent:\n  model: fake-small\n  task: say hello\n";

  @TempDir
  Path dir;

  static Stream<Arguments> corpus() {
    return Stream.of(
        Arguments.of("unknown field", OK + "comand: [ls]\n", "$.comand", "did you mean 'command'?"),
        Arguments.of("missing command", HEAD + "policy: baseline\n", "$", "exactly one of command"),
        Arguments.of("a command and an agent", OK + AGENT, "$", "exactly one of command (a program to run) and "
            + "agent"),
        Arguments.of("agent without a task", HEAD + "policy: baseline\nagent: {model: fake-small}\n", "$.agent",
            "missing required field 'task'"),
        Arguments.of("agent field misspelt", HEAD + "policy: baseline\n" + AGENT + "  maxturns: 3\n",
            "$.agent.maxturns", "did you mean 'maxTurns'?"),
        Arguments.of("agent unknown tool", HEAD + "policy: baseline\n" + AGENT + "  tools: [shel]\n",
            "$.agent.tools[0]", "(did you mean 'shell'?)"),
        Arguments.of("agent unknown provider", HEAD + "policy: baseline\n" + AGENT + "  provider: openia\n",
            "$.agent.provider", "did you mean 'openai'?"),
        Arguments.of("scripted without a script", HEAD + "policy: baseline\n" + AGENT + "  provider: scripted\n",
            "$.agent.script", "the scripted provider replays the model's turns from a script"),
        Arguments.of("script that does not exist", HEAD + "policy: baseline\n" + AGENT + "  script: turns.yaml\n",
            "$.agent.script", "'turns.yaml' does not exist"),
        Arguments.of("a script for a real provider", HEAD + "policy: baseline\n" + AGENT
            + "  provider: openai\n  script: {replies: []}\n", "$.agent.provider", "only for the scripted provider"),
        Arguments.of("agent tool output too small", HEAD + "policy: baseline\n" + AGENT + "  toolOutput: 10\n",
            "$.agent.toolOutput", "must be between 256 bytes and 1Mi"),
        Arguments.of("agent no turns", HEAD + "policy: baseline\n" + AGENT + "  maxTurns: 0\n", "$.agent.maxTurns",
            "must be at least 1"),
        Arguments.of("agent model the policy does not allow", HEAD + "policy: offline\n" + AGENT,
            "$.agent.model", "'fake-small' is not allowed by policy 'offline' (llm.allowModels: [])"),
        Arguments.of("budget turns not positive", OK + "budget: {turns: 0}\n", "$.budget.turns",
            "must be greater than 0"),
        Arguments.of("missing policy", HEAD + "command: [ls]\n", "$", "missing required field 'policy'"),
        Arguments.of("command as one string", HEAD + "command: python3 agent.py\npolicy: baseline\n",
            "$.command", "must be a list of strings, e.g. [sh, -c, 'python3 agent.py']"),
        Arguments.of("empty command", HEAD + "command: []\npolicy: baseline\n", "$.command", "at least 1 entry"),
        Arguments.of("blank program", HEAD + "command: ['']\npolicy: baseline\n", "$.command[0]", "must name"),
        Arguments.of("wrong api version", OK.replace("airlock/v1", "airlock/v2"), "$.apiVersion",
            "must be 'airlock/v1'"),
        Arguments.of("a policy, not a job", OK.replace("kind: Job", "kind: Policy"), "$.kind", "must be 'Job'"),
        Arguments.of("not YAML", HEAD + "command: [ls\n", "$", "not valid YAML/JSON at line"),
        Arguments.of("not a mapping", "- just\n- a list\n", "$", "must be a mapping"),
        Arguments.of("env as a list", OK + "env: [A=1]\n", "$.env", "must be a mapping, got a list"),
        Arguments.of("env value a list", OK + "env: {A: [1]}\n", "$.env.A", "must be a string or a number"),
        Arguments.of("bad env name", OK + "env: {BAD-NAME: 1}\n", "$.env.BAD-NAME", "not a valid environment"),
        Arguments.of("verify as a string", OK + "verify: make test\n", "$.verify", "must be a list"),
        Arguments.of("labels wrong type", OK + "labels: [a]\n", "$.labels", "must be a mapping"),
        Arguments.of("bad label key", OK + "labels: {'-x': y}\n", "$.labels.-x", "not a valid label key"),
        Arguments.of("idempotency key with spaces", OK + "idempotencyKey: 'a b'\n", "$.idempotencyKey",
            "visible ASCII"),
        Arguments.of("budget misspelt", OK + "budget: {tokenOut: 5}\n", "$.budget.tokenOut",
            "did you mean 'tokensOut'?"),
        Arguments.of("budget not positive", OK + "budget: {tokensOut: 0}\n", "$.budget.tokensOut",
            "must be greater than 0"),
        Arguments.of("budget wrong type", OK + "budget: {toolCalls: many}\n", "$.budget.toolCalls",
            "must be a whole number"),
        Arguments.of("budget bad duration", OK + "budget: {wall: 2x}\n", "$.budget.wall", "expected"),
        Arguments.of("budget above the policy's cap", OK + "budget: {wall: 1h}\n", "$.budget.wall",
            "may not exceed 30m of policy 'baseline', got 1h"),
        Arguments.of("unknown shipped policy", HEAD + "command: [ls]\npolicy: basline\n", "$.policy",
            "did you mean 'baseline'?"),
        Arguments.of("missing policy file", HEAD + "command: [ls]\npolicy: ./nope.yaml\n", "$.policy",
            "no such policy file './nope.yaml'"),
        Arguments.of("policy of the wrong type", HEAD + "command: [ls]\npolicy: 3\n", "$.policy",
            "must be a string or a mapping"),
        Arguments.of("inline policy, unknown field", HEAD + "command: [ls]\npolicy: {netwrk: {}}\n",
            "$.policy.netwrk", "did you mean 'network'?"),
        Arguments.of("inline policy, bad enum", HEAD + "command: [ls]\npolicy: {network: {egress: all}}\n",
            "$.policy.network.egress", "must be one of none, allowlist"),
        Arguments.of("inline policy, bad size", HEAD + "command: [ls]\npolicy: {resources: {memory: 4Mi}}\n",
            "$.policy.resources.memory", "must be between 16Mi"),
        Arguments.of("inline policy widens its base", HEAD
            + "command: [ls]\npolicy: {extends: offline, resources: {memory: 8Gi}}\n",
            "$.policy.resources.memory", "may not exceed 256Mi of base 'offline'"),
        Arguments.of("inline policy extends an unknown policy", HEAD
            + "command: [ls]\npolicy: {extends: nothing}\n", "$.policy.extends", "no shipped policy 'nothing'"),
        Arguments.of("input with neither source nor content", OK + "inputs: [{target: a}]\n", "$.inputs[0]",
            "needs a source"),
        Arguments.of("input with both", OK + "inputs: [{source: a, content: b}]\n", "$.inputs[0]",
            "either source or content"),
        Arguments.of("inline input without target", OK + "inputs: [{content: b}]\n", "$.inputs[0].target",
            "is required with content"),
        Arguments.of("input source missing", OK + "inputs: [{source: nope.txt}]\n", "$.inputs[0].source",
            "'nope.txt' does not exist"),
        Arguments.of("input source in a system tree", OK + "inputs: [{source: /proc/self/environ}]\n",
            "$.inputs[0].source", "can never be mounted"),
        Arguments.of("input source the host root", OK + "inputs: [{source: /}]\n", "$.inputs[0].source",
            "the host root '/' can never be mounted"),
        Arguments.of("input target escapes", OK + "inputs: [{content: x, target: ../../etc/x}]\n",
            "$.inputs[0].target", "must be a path inside /work without '..'"),
        Arguments.of("input targets collide", OK + "inputs: [{content: x, target: a}, {content: y, target: ./a}]\n",
            "$.inputs[1].target", "also the target of inputs[0]"),
        Arguments.of("input bad base64", OK + "inputs: [{content: '***', encoding: base64, target: a}]\n",
            "$.inputs[0].content", "not valid base64"),
        Arguments.of("input unknown encoding", OK + "inputs: [{content: x, encoding: hex, target: a}]\n",
            "$.inputs[0].encoding", "must be one of text, base64"),
        Arguments.of("output outside /work", OK + "outputs: [/etc/passwd]\n", "$.outputs[0]",
            "must be a path inside /work"),
        Arguments.of("output climbs out", OK + "outputs: [out/../../x]\n", "$.outputs[0]", "without '..'"),
        Arguments.of("output bad glob", OK + "outputs: ['out/[a']\n", "$.outputs[0]", "not a valid glob"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRejectedNamingThePath(String what, String text, String path, String fragment) throws IOException {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, text);

    JobRejected e = assertThrows(JobRejected.class, () -> JobFiles.load(file));

    JobFilesTest.assertRejected(e, path, fragment);
  }
}
