#!/usr/bin/env bash
# Update the installed exhibit program safely: a new version must pass its own `check` before it
# is installed, and must put a picture on screen (systemd's READY=1) or the service goes back.
#
#   update.sh [--prefix DIR] BUNDLE     run BUNDLE's `iter-kiosk check`; when it passes, install
#                                       BUNDLE beside the others with install.sh and put it on trial
#   update.sh [--prefix DIR] --before-start   the unit's ExecStartPre: a version on trial that has
#                                       not reached READY=1 in 2 starts is replaced by the one before
#   update.sh [--prefix DIR] --started  the unit's ExecStartPost (runs after READY=1): keep the version
#
# BUNDLE is an archive from `make package` or an unpacked bundle folder. install.sh (from the new
# bundle, else the one beside this script) keeps versions side by side under PREFIX/versions and
# points PREFIX/current at the one in use; this script adds PREFIX/trial while a new version has
# not yet proved itself ("VERSION FALLBACK TRIES") and appends each fall-back to PREFIX/fallback.log.
# install.sh copies this script to PREFIX/update.sh, where the unit calls it.
# PREFIX defaults to the folder this script is installed in, else ~/.local/opt/iter-kiosk.
set -euo pipefail

NAME=iter-kiosk
MAX_TRIES=2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -e $HERE/current ]]; then prefix=$HERE; else prefix="${HOME}/.local/opt/${NAME}"; fi
action=update
bundle=""

usage() { sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
fail() { echo "update.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --prefix) [[ $# -ge 2 ]] || fail "--prefix needs a folder"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --before-start) action=before-start; shift ;;
    --started) action=started; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) [[ -z $bundle ]] || fail "one bundle at a time"; bundle=$1; shift ;;
  esac
done
[[ $prefix == /* ]] || prefix="$PWD/$prefix"
prefix=${prefix%/}
trial="$prefix/trial"

installed_version() { readlink "$prefix/current" 2>/dev/null | sed 's|^versions/||' || true; }

# --- the unit's hooks ----------------------------------------------------------------------------
before_start() {
  [[ -f $trial ]] || return 0
  local version fallback tries
  read -r version fallback tries < "$trial" || true
  [[ $tries =~ ^[0-9]+$ ]] || tries=0
  if (( tries < MAX_TRIES )); then
    echo "$version $fallback $(( tries + 1 ))" > "$trial.new" && mv -f "$trial.new" "$trial"
    echo "update.sh: starting $NAME $version on trial (start $(( tries + 1 )) of $MAX_TRIES)"
    return 0
  fi
  if [[ -z $fallback || ! -d $prefix/versions/$fallback ]]; then
    echo "update.sh: $NAME $version did not reach READY=1 in $MAX_TRIES starts and there is no earlier version" \
         "to go back to; it keeps being restarted" >&2
    rm -f "$trial"
    return 0
  fi
  ln -sfn "versions/$fallback" "$prefix/current.new" && mv -fT "$prefix/current.new" "$prefix/current"
  ln -sfn "versions/$version" "$prefix/previous.new" && mv -fT "$prefix/previous.new" "$prefix/previous"
  rm -f "$trial"
  local line
  line="$(date '+%Y-%m-%d %H:%M:%S'): $NAME $version did not reach READY=1 in $MAX_TRIES starts; back to $fallback"
  echo "$line" >> "$prefix/fallback.log"
  echo "update.sh: $line" >&2
}

started() {
  [[ -f $trial ]] || return 0
  local version fallback tries
  read -r version fallback tries < "$trial" || true
  rm -f "$trial"
  echo "update.sh: $NAME $version reached READY=1; it stays (the one before, $fallback, is kept beside it)"
}

# --- an update -------------------------------------------------------------------------------------
unpacked=""
cleanup() { [[ -z $unpacked ]] || rm -rf "$unpacked"; }

update() {
  [[ -n $bundle ]] || { usage >&2; exit 2; }
  [[ -e $prefix/current ]] || fail "nothing installed in $prefix yet: install the first version with install.sh"
  local folder version old installer
  if [[ -d $bundle ]]; then
    folder=$(cd "$bundle" && pwd)
  else
    [[ -f $bundle ]] || fail "$bundle: no such file or folder"
    unpacked=$(mktemp -d "${TMPDIR:-/tmp}/$NAME-update.XXXXXX")
    trap cleanup EXIT
    tar -xzf "$bundle" -C "$unpacked" || fail "$bundle: cannot unpack (not a .tar.gz from make package?)"
    local top=("$unpacked"/*)
    [[ ${#top[@]} -eq 1 && -d ${top[0]} ]] || fail "$bundle: expected one folder in the archive"
    folder=${top[0]}
  fi
  [[ -x $folder/$NAME && -s $folder/VERSION ]] || fail "$bundle is not an $NAME bundle (no $NAME and VERSION)"
  version=$(head -n 1 "$folder/VERSION")
  old=$(installed_version)
  echo "checking $NAME $version (installed: ${old:-none}) ..."
  if ! "$folder/$NAME" check; then
    fail "$NAME $version failed its check; nothing changed, $old stays"
  fi
  installer=$folder/install.sh
  [[ -f $installer ]] || installer=$HERE/install.sh
  [[ -f $installer ]] || fail "no install.sh in $folder or beside this script"
  if [[ -n $old && $old != "$version" ]]; then
    echo "$version $old 0" > "$trial"  # before install.sh restarts the service: its first start is a trial
  fi
  if ! bash "$installer" --prefix "$prefix" "$folder"; then
    rm -f "$trial"
    fail "install.sh failed; $old stays"
  fi
  if [[ -f $trial ]]; then
    echo "$NAME $version is on trial: unless it reaches READY=1 within $MAX_TRIES starts, the service goes back to $old"
  fi
}

case $action in
  before-start) before_start ;;
  started) started ;;
  update) update ;;
esac
