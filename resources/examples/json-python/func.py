# Fn Studio example (format json): one JSON request object per stdin line, one JSON response object per stdout line.
import json
import sys


def handle(body):
    """The function proper: greets the "name" in a JSON body, or the whole body when it is not JSON."""
    try:
        data = json.loads(body) if body else {}
    except ValueError:
        data = {"name": body}
    name = data.get("name", "world") if isinstance(data, dict) else "world"
    return {"message": f"Hello, {name}!"}


def main():
    # The container stays up between calls: read requests until stdin closes.
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        body = request.get("body", "")
        print(f"call {request.get('call_id', '?')}: {len(body)} bytes", file=sys.stderr, flush=True)
        response = {
            "body": json.dumps(handle(body)),
            "content_type": "application/json",
            "protocol": {"status_code": 200, "headers": {}},
        }
        # Flush every answer: the caller waits for this exact line before sending the next request.
        print(json.dumps(response), flush=True)


if __name__ == "__main__":
    main()
