"""Reference figure for `bench`: records/s for wfdb.rdsamp over a PTB-XL-layout folder.

Usage: bench_wfdb_rdsamp.py PTBXL_DIR [--limit N]
Prints one JSON line: {"records": n, "seconds": s, "records_per_s": r}.
"""
import csv, json, os, sys, time

import wfdb


def main():
    root = sys.argv[1]
    limit = int(sys.argv[sys.argv.index('--limit') + 1]) if '--limit' in sys.argv else None
    with open(os.path.join(root, 'ptbxl_database.csv'), newline='') as f:
        names = [row['filename_lr'] for row in csv.DictReader(f)]
    if limit:
        names = names[:limit]
    start = time.perf_counter()
    for n in names:
        wfdb.rdsamp(os.path.join(root, n))
    seconds = time.perf_counter() - start
    print(json.dumps({'records': len(names), 'seconds': seconds, 'records_per_s': len(names) / seconds}))


if __name__ == '__main__':
    main()
