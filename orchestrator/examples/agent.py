"""An agent that keeps asking a model for more until its budget stops it (Python standard library only).

It talks to the OpenAI-compatible API at OPENAI_BASE_URL with the key in OPENAI_API_KEY. Under Airlock these
point at Airlock's metering gateway and hold a token that is only good for this job: the real provider key
never enters the sandbox. Each turn adds the reply to a growing conversation and asks to go on, printing the
reply and what the calls have used so far. When a budget is hit the gateway answers 402 with a JSON error
naming the budget, and Airlock kills the container at once; if the answer arrives first, it is printed.

Settings (environment): AGENT_MODEL (default fake-small), AGENT_MAX_TOKENS (default 100), AGENT_TURNS (default
0: until stopped), AGENT_STREAM=1 to stream the replies.
"""
import json
import os
import sys
import urllib.error
import urllib.request

BASE = os.environ["OPENAI_BASE_URL"].rstrip("/")
KEY = os.environ["OPENAI_API_KEY"]
MODEL = os.environ.get("AGENT_MODEL", "fake-small")
MAX_TOKENS = int(os.environ.get("AGENT_MAX_TOKENS", "100"))
TURNS = int(os.environ.get("AGENT_TURNS", "0"))
STREAM = os.environ.get("AGENT_STREAM", "") == "1"


def say(text):
    print(text, flush=True)  # flushed at once: a killed process keeps nothing buffered


def chat(messages):
    """One call; returns (reply text, usage)."""
    body = {"model": MODEL, "max_tokens": MAX_TOKENS, "messages": messages}
    if STREAM:
        body.update(stream=True, stream_options={"include_usage": True})
    request = urllib.request.Request(BASE + "/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + KEY, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        if not STREAM:
            reply = json.load(response)
            return reply["choices"][0]["message"]["content"] or "", reply.get("usage") or {}
        text, usage = [], {}
        for line in response:
            line = line.decode().strip()
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            event = json.loads(line[6:])
            usage = event.get("usage") or usage
            for choice in event.get("choices", []):
                piece = (choice.get("delta") or {}).get("content") or ""
                text.append(piece)
                print(piece, end="", flush=True)
        print(flush=True)
        return "".join(text), usage


def main():
    messages = [{"role": "system", "content": "You are a storyteller who never runs out of story."},
                {"role": "user", "content": "Tell me a long story about a lighthouse keeper."}]
    used_in = used_out = 0
    turn = 0
    while TURNS == 0 or turn < TURNS:
        turn += 1
        say(f"--- turn {turn}: asking {MODEL} (max_tokens {MAX_TOKENS})")
        try:
            text, usage = chat(messages)
        except urllib.error.HTTPError as e:
            error = json.loads(e.read() or b"{}").get("error", {})
            if e.code == 402:
                say(f"budget exceeded: {error.get('budget')} limit {error.get('limit')}, "
                    f"spent {error.get('spent')}: {error.get('message')}")
            else:
                say(f"the gateway answered {e.code}: {error.get('type')}: {error.get('message')}")
            sys.exit(3)
        used_in += usage.get("prompt_tokens", 0)
        used_out += usage.get("completion_tokens", 0)
        if not STREAM:
            say(text)
        say(f"    spent so far: {used_in} input + {used_out} output tokens in {turn} calls")
        messages += [{"role": "assistant", "content": text}, {"role": "user", "content": "Go on."}]
    say("done")


if __name__ == "__main__":
    main()
