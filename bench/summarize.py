"""Markdown tables from the JSON results of bench/load_bench.py (for bench/README.md).

.venv/bin/python bench/summarize.py [bench/results/sqlite-5000.json …]   # default: every full run in results/
"""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def cpu(row):
    return row["cpu_ms"] + (row.get("side_cpu_ms") or 0)


def summarize(data):
    rows = data["rows"]
    static_cpu = min(rows["static file"]["cpu_ms"], rows["static file (again)"]["cpu_ms"])
    static_rps = max(rows["static file"]["rps"], rows["static file (again)"]["rps"])
    minimal = min(rows["minimal: Wagtail page"]["cpu_ms"], rows["minimal: Wagtail page (again)"]["cpu_ms"])
    pages = data["inprocess"]["pages"]
    geo = pages["geojson"]
    wire = data["sizes"]["geojson_br"]
    memory = data["memory"]
    rss = max(m["rss_mb"] for m in memory["platform"])
    rss_min = max(m["rss_mb"] for m in memory["minimal"])
    webhook = data.get("webhook") or {}
    writers = data.get("writers") or {}
    load = data["load_average"]
    return {
        "run": f"{data['backend']} {data['businesses']:,}",
        "load avg (start→end)": f"{load[0][0]:.1f}→{load[1][0]:.1f}",
        "static file: req/s, CPU ms": f"{static_rps:.0f}, {static_cpu:.2f}",
        "minimal Wagtail page: CPU ms": f"{minimal:.1f}",
        "campaign uncached: CPU ms (× minimal), queries": (
            f"{cpu(rows['campaign page, uncached']):.1f} ({cpu(rows['campaign page, uncached']) / minimal:.1f}×), "
            f"{pages['campaign']['queries']}"
        ),
        "business uncached: CPU ms (× minimal), queries": (
            f"{cpu(rows['business page, uncached']):.1f} ({cpu(rows['business page, uncached']) / minimal:.1f}×), "
            f"{pages['business']['queries']}"
        ),
        "campaign cached: req/s ÷ static (CPU ms)": (
            f"{rows['campaign page, cached']['rps'] / static_rps:.2f} ({cpu(rows['campaign page, cached']):.2f})"
        ),
        "map page: KB, inline JSON KB, queries, CPU ms": (
            f"{pages['map']['bytes'] / 1024:,.0f}, {pages['map'].get('json_script_bytes', 0) / 1024:,.0f}, "
            f"{pages['map']['queries']}, {cpu(rows['map page, uncached']):,.0f}"
        ),
        "GeoJSON build: CPU ms (in-process)": f"{geo['cpu_ms']:.0f}",
        "GeoJSON: sent KB (encoding); gzip / brotli KB": (
            f"{wire['bytes'] / 1024:,.0f} ({wire['encoding']}); {geo['sizes']['gzip6'] / 1024:.0f} / "
            + (f"{geo['sizes']['brotli5'] / 1024:.0f}" if geo["sizes"].get("brotli5") else "–")
        ),
        "GeoJSON cached: CPU ms": f"{cpu(rows['GeoJSON, cached']):.1f}",
        "webhook events/s: wall / CPU": (
            f"{webhook.get('wall', 0):.0f} / {webhook.get('cpu', 0):.0f}" if webhook.get("wall") else "–"
        ),
        "20 writers: locked, p99 ms, events/s": (
            f"{writers['locked']}, {writers['p99_ms']:,.0f}, {writers['events_per_s']}" if writers else "–"
        ),
        "RSS per worker MB (× minimal)": f"{rss:.0f} / {rss_min:.0f} ({rss / rss_min:.2f}×)",
    }


def main():
    files = [Path(p) for p in sys.argv[1:]] or sorted(
        p for p in RESULTS.glob("*.json") if not p.name.endswith("-quick.json")
    )
    runs = [json.loads(p.read_text()) for p in files]
    runs.sort(key=lambda data: (data["backend"] != "sqlite", data["businesses"]))
    summaries = [summarize(data) for data in runs]
    if not summaries:
        print("no results yet")
        return
    keys = list(summaries[0])
    print("| | " + " | ".join(s["run"] for s in summaries) + " |")
    print("|---|" + "---|" * len(summaries))
    for key in keys[1:]:
        print(f"| {key} | " + " | ".join(s[key] for s in summaries) + " |")


if __name__ == "__main__":
    main()
