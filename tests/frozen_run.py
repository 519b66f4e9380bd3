"""Run a script (the app's server) with the suite's frozen clock, so a child process sees the same calendar
as the test that started it: `python tests/frozen_run.py app.py`, the instant in FORUMSITE_TEST_NOW."""
import datetime as dt
import os
import runpy
import sys

import time_machine

if "faketime" in os.environ.get("LD_PRELOAD", ""):  # see tests/conftest.py: sleep_through_select
    import select
    import time

    time.sleep = lambda seconds: select.select([], [], [], max(0.0, seconds)) and None
time_machine.travel(dt.datetime.fromisoformat(os.environ["FORUMSITE_TEST_NOW"]), tick=True).start()
script = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
runpy.run_path(script, run_name="__main__")
