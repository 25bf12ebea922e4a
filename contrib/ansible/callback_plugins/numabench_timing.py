# Timing for the numabench fleet playbook: each task's header is followed
# by the seconds since the playbook started, and the previous task's
# duration; the end prints the total. ansible-core has no such callback
# (profile_tasks is in the ansible.posix collection).
from __future__ import annotations

import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
    name: numabench_timing
    type: aggregate
    short_description: seconds since the start at every task, and the total
    description: Prints the elapsed time at each task and at the end.
    requirements: [enabled in ansible.cfg (callbacks_enabled)]
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "numabench_timing"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.t0 = time.monotonic()
        self.last = None

    def _tick(self, label):
        now = time.monotonic()
        prev = ""
        if self.last is not None:
            prev = ", previous task %.1f s" % (now - self.last[1])
        self._display.display("[%s at %.1f s%s]" % (label, now - self.t0, prev))
        self.last = (label, now)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._tick("started")

    def v2_playbook_on_stats(self, stats):
        self._display.display("[playbook: %.1f s]" % (time.monotonic() - self.t0))
