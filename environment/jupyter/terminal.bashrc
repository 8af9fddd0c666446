# The shell of the terminals that the course's Jupyter opens (environment/start and the classroom's
# servers run Jupyter's terminals as `bash --rcfile` this file): the learner's own settings, then the
# course's commands by their bare names, hint, progress and update-lesson (environment/bin), first on
# the PATH. (Jupyter's default, a login shell, would have /etc/profile set the PATH anew, without them.)
# shellcheck source=/dev/null
[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
# shellcheck source=/dev/null
[ -f ~/.bashrc ] && . ~/.bashrc
PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")/../bin" && pwd):$PATH"
