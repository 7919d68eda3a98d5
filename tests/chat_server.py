"""A small OpenAI-compatible chat-completions server for the tests: a real HTTP server
process (standard library ``http.server``) on 127.0.0.1, answering ``POST
/v1/chat/completions``.

    python tests/chat_server.py MODEL_DIR [--reply TEXT] [--garbage] [--delay S]

By default it generates the answer with the local causal LM in ``MODEL_DIR`` through
transformers (the chat template, greedy, ``max_tokens``), as llama.cpp's server or vLLM would.
``--reply`` answers every request with a fixed line instead (a stand-in for a model that
edits well, which the tiny test models do not), ``--garbage`` with a body that is no chat
completion, ``--delay`` waits before answering. It prints ``PORT <n>`` once it listens on
an ephemeral port.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--reply", default=None)
    ap.add_argument("--garbage", action="store_true")
    ap.add_argument("--delay", type=float, default=0.0)
    args = ap.parse_args(argv)
    tok = model = None
    if args.reply is None and not args.garbage:
        from transformers import AutoModelForCausalLM, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(args.model, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(args.model, local_files_only=True).eval()

    def answer(body: dict) -> str:
        if args.reply is not None:
            return args.reply
        import torch

        if getattr(tok, "chat_template", None):
            ids = tok.apply_chat_template(body["messages"], add_generation_prompt=True, tokenize=True)
            ids = list(ids["input_ids"] if hasattr(ids, "keys") else ids)
        else:
            ids = tok("\n".join(m["content"] for m in body["messages"]))["input_ids"]
        with torch.inference_mode():
            out = model.generate(torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                                 max_new_tokens=int(body.get("max_tokens", 16)), do_sample=False,
                                 pad_token_id=tok.pad_token_id)
        return tok.decode(out[0][len(ids):], skip_special_tokens=True)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if self.path != "/v1/chat/completions":
                self.send_error(404)
                return
            time.sleep(args.delay)
            if args.garbage:
                data = b"<html>not an API</html>"
            else:
                text = answer(body)
                data = json.dumps({"object": "chat.completion", "model": body.get("model"),
                                   "choices": [{"index": 0, "finish_reason": "stop",
                                                "message": {"role": "assistant", "content": text}}],
                                   "usage": {"completion_tokens": len(text.split())}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *a):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
