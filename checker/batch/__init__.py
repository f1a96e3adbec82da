"""Many workbooks at once (`check FOLDER|GLOB…`), each checked exactly as `check FILE` would.

run.py expands the arguments, checks every file and consolidates the files × indicators matrix;
pool.py runs the checks in worker processes, each file under a time limit and a memory guard;
spool.py keeps each file's results on disk as they come, so a batch's memory stays flat.
"""
