"""nbgrader's exchange on the class's hub, where every student is an account of their own: a submission
is the student's who owns its folder in the exchange.

nbgrader names a submission by the student id the submitter's own configuration gives, and its collect
only warns when the folder's owner is someone else; so a student who set another's id could hand in in
their name (and, being newer, replace their work). OwnersCollect collects each submission as its
owner's. environment/classroom's settings for the instructor select it (ExchangeFactory.collect)."""
import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect


class OwnersCollect(ExchangeCollect):

    def _path_to_record(self, path):
        record = super()._path_to_record(path)
        try:
            owner = pwd.getpwuid(os.stat(path).st_uid).pw_name
        except (KeyError, OSError):
            owner = None
        if owner != record["username"]:
            self.log.warning("%s names %s but is %s's: collected as %s's", path, record["username"], owner, owner)
            record["username"] = owner or f"unknown-{os.stat(path).st_uid}"
        return record
