#!/usr/bin/env bash
# Install the exhibit bundle for the current user, start it with the graphical session, or remove it.
#
#   install.sh [--prefix DIR] [--keep N] [BUNDLE]  BUNDLE: dist/iter-kiosk-<version>-linux-<arch>.tar.gz
#                                                  or a bundle folder; default: the bundle this script is in
#   install.sh [--prefix DIR] --uninstall          remove exactly what install.sh put in place
#
# Every bundle carries this script: `tar -xzf iter-kiosk-0.1.0-linux-x86_64.tar.gz` then
# `iter-kiosk-0.1.0/install.sh`. From the source tree: `packaging/linux/install.sh dist/iter-kiosk-...tar.gz`.
#
# Layout (versions side by side, so an update never half-replaces the running program):
#   PREFIX/versions/<version>/   one folder per installed version (iter-kiosk, _internal/, VERSION)
#   PREFIX/current  -> versions/<version>      what the service and the menu entry start
#   PREFIX/previous -> versions/<older>        the version before, to go back to by hand
#   PREFIX/install-manifest.txt                 what was written outside PREFIX, for --uninstall
# and, outside PREFIX:
#   $XDG_CONFIG_HOME/systemd/user/iter-kiosk.service (+ its graphical-session.target.wants link)
#   $XDG_DATA_HOME/applications/iter-kiosk.desktop
#   ~/.local/bin/iter-kiosk -> PREFIX/current/iter-kiosk   (unless a file of that name is already there)
#
# PREFIX defaults to ~/.local/opt/iter-kiosk. The user's settings, log and statistics (in the
# platform's config, state and data folders) are never touched, not even by --uninstall.
# Installing runs no program from the bundle; run `PREFIX/current/iter-kiosk check` afterwards.
set -euo pipefail

NAME=iter-kiosk
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix="${HOME}/.local/opt/${NAME}"
keep=3
uninstall=false
bundle=""

usage() { sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
fail() { echo "install.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --prefix) [[ $# -ge 2 ]] || fail "--prefix needs a folder"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --keep) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || fail "--keep needs a number from 1"; keep=$2; shift 2 ;;
    --uninstall) uninstall=true; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) [[ -z $bundle ]] || fail "one bundle at a time"; bundle=$1; shift ;;
  esac
done

[[ $prefix == /* ]] || prefix="$PWD/$prefix"
prefix=${prefix%/}
# The prefix is written into the unit's ExecStart= and the menu entry's Exec=, where a space,
# a quote or '%' would change the meaning.
[[ $prefix =~ ^[A-Za-z0-9._/+-]+$ ]] || fail "the prefix may hold only letters, digits and . _ / + - (got '$prefix')"

config_home=${XDG_CONFIG_HOME:-$HOME/.config}
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
unit_dir="$config_home/systemd/user"
unit="$unit_dir/$NAME.service"
wants_link="$unit_dir/graphical-session.target.wants/$NAME.service"
desktop_entry="$data_home/applications/$NAME.desktop"
bin_link="$HOME/.local/bin/$NAME"
manifest="$prefix/install-manifest.txt"

# systemctl --user only where a user manager answers (not in CI, a container, or over plain su).
user_systemctl() {
  command -v systemctl >/dev/null 2>&1 && systemctl --user show-environment >/dev/null 2>&1 || return 0
  systemctl --user "$@" || echo "install.sh: systemctl --user $* failed (ignored)" >&2
}

# mkdir -p that records every folder it creates (deepest last), so --uninstall removes exactly those.
make_dir() {
  local dir=$1 missing=()
  while [[ ! -d $dir ]]; do missing=("$dir" "${missing[@]}"); dir=$(dirname "$dir"); done
  for dir in "${missing[@]}"; do mkdir "$dir"; created_dirs+=("$dir"); done
}

from_template() {  # template, destination
  sed "s|@PREFIX@|$prefix|g" "$1" > "$2.tmp.$$"
  mv -f "$2.tmp.$$" "$2"
}

bundle_version() {  # folder -> its version (the VERSION file the spec writes)
  [[ -x $1/$NAME && -d $1/_internal ]] || fail "$1 is not an $NAME bundle (no $NAME executable and _internal/)"
  [[ -s $1/VERSION ]] || fail "$1 has no VERSION file (build it with make package)"
  local version
  version=$(head -n 1 "$1/VERSION")
  [[ $version =~ ^[A-Za-z0-9._+-]+$ ]] || fail "$1/VERSION holds an odd version '$version'"
  echo "$version"
}

unpack() {  # archive or folder -> the bundle folder (an archive is unpacked beside the versions)
  if [[ -d $1 ]]; then
    (cd "$1" && pwd)
    return
  fi
  [[ -f $1 ]] || fail "$1: no such file or folder"
  local work
  work=$(mktemp -d "$prefix/versions/.unpack.XXXXXX")
  tar -xzf "$1" -C "$work" || { rm -rf "$work"; fail "$1: cannot unpack (not a .tar.gz from make package?)"; }
  local top=("$work"/*)
  [[ ${#top[@]} -eq 1 && -d ${top[0]} ]] || { rm -rf "$work"; fail "$1: expected one folder in the archive"; }
  echo "${top[0]}"
}

missing_libraries() {  # folder: host libraries the bundle needs and this system lacks (a warning)
  command -v ldd >/dev/null 2>&1 || return 0
  find "$1/_internal" -type f -name '*.so*' -print0 \
    | LD_LIBRARY_PATH="$1/_internal" xargs -0 -r ldd 2>/dev/null | awk '/not found/ {print $1}' | sort -u
}

prune_versions() {  # keep the newest $keep versions, and always current and previous
  local current previous version
  current=$(readlink "$prefix/current" 2>/dev/null || true)
  previous=$(readlink "$prefix/previous" 2>/dev/null || true)
  local installed=()
  mapfile -t installed < <(cd "$prefix/versions" && ls -1t)
  for version in "${installed[@]:$keep}"; do
    [[ versions/$version == "$current" || versions/$version == "$previous" ]] && continue
    rm -rf "${prefix:?}/versions/$version"
    echo "removed old version $version"
  done
}

# A failed install leaves nothing behind: its unpacked archive and the folders it made go again.
undo_failed_install() {
  rm -rf "$prefix"/versions/.unpack.*
  local index
  for (( index = ${#created_dirs[@]} - 1; index >= 0; index-- )); do rmdir "${created_dirs[index]}" 2>/dev/null || true; done
}

install_bundle() {
  if [[ -z $bundle && -f $HERE/VERSION && -x $HERE/$NAME ]]; then
    bundle=$HERE  # the script inside an unpacked bundle installs that bundle
  fi
  [[ -n $bundle ]] || { usage >&2; exit 2; }
  [[ ! -d $bundle ]] || bundle_version "$bundle" >/dev/null  # a folder is checked before anything changes
  created_dirs=()
  trap undo_failed_install EXIT
  make_dir "$prefix/versions"
  local source version target
  source=$(unpack "$bundle")
  version=$(bundle_version "$source")
  target="$prefix/versions/$version"
  # A new copy next to the old one, then one rename: the running version's files stay intact.
  rm -rf "$target.new"
  if [[ $source == "$prefix"/versions/.unpack.* ]]; then
    mv "$source" "$target.new"
    rmdir "$(dirname "$source")"
  else
    cp -a "$source" "$target.new"
  fi
  rm -rf "$target"
  mv "$target.new" "$target"
  touch "$target"  # the newest install is kept first by prune_versions

  local old
  old=$(readlink "$prefix/current" 2>/dev/null || true)
  if [[ -n $old && $old != "versions/$version" ]]; then
    ln -sfn "$old" "$prefix/previous.new" && mv -fT "$prefix/previous.new" "$prefix/previous"
  fi
  ln -sfn "versions/$version" "$prefix/current.new" && mv -fT "$prefix/current.new" "$prefix/current"

  make_dir "$unit_dir/graphical-session.target.wants"
  make_dir "$(dirname "$desktop_entry")"
  from_template "$HERE/$NAME.service" "$unit"
  ln -sfn "../$NAME.service" "$wants_link"  # what `systemctl --user enable` does
  from_template "$HERE/$NAME.desktop" "$desktop_entry"
  # The unit's ExecStartPre/ExecStartPost run update.sh (the fall-back of a new version that never
  # reaches READY=1): it lives beside the versions, never in one. Renamed into place, so an update.sh
  # that is running this script keeps reading its own copy.
  if [[ -f $HERE/update.sh ]]; then
    cp "$HERE/update.sh" "$prefix/update.sh.new" && chmod 755 "$prefix/update.sh.new"
    mv -f "$prefix/update.sh.new" "$prefix/update.sh"
  fi
  local installed=("$unit" "$wants_link" "$desktop_entry")
  if [[ ! -e $bin_link || $(readlink "$bin_link") == "$prefix/current/$NAME" ]]; then
    make_dir "$(dirname "$bin_link")"
    ln -sfn "$prefix/current/$NAME" "$bin_link"  # `iter-kiosk check` from a login shell (~/.local/bin is on PATH)
    installed+=("$bin_link")
  else
    echo "install.sh: $bin_link exists and is not ours; left as it is" >&2
  fi
  {
    [[ -f $manifest ]] && cat "$manifest"
    printf 'file %s\n' "${installed[@]}"
    [[ ${#created_dirs[@]} -eq 0 ]] || printf 'dir %s\n' "${created_dirs[@]}"
  } | awk '!seen[$0]++' > "$manifest.new"
  mv -f "$manifest.new" "$manifest"
  trap - EXIT

  prune_versions
  user_systemctl daemon-reload
  if command -v systemctl >/dev/null 2>&1 && systemctl --user is-active --quiet "$NAME.service" 2>/dev/null; then
    user_systemctl restart "$NAME.service"
  fi

  local missing=()
  mapfile -t missing < <(missing_libraries "$target")
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "warning: this system lacks libraries the bundle may load (install them if the exhibit does not start):" >&2
    printf '  %s\n' "${missing[@]}" >&2
  fi
  echo "installed $NAME $version in $target"
  echo "current -> versions/$version${old:+ (previous: ${old#versions/})}"
  echo "service: $unit (starts with the graphical session; now: systemctl --user start $NAME)"
  echo "menu entry: $desktop_entry"
  echo "command: $bin_link (in a new login shell: iter-kiosk --help)"
  echo "next: $prefix/current/$NAME check"
}

uninstall_bundle() {
  [[ -f $manifest ]] || fail "nothing to uninstall: $manifest is missing (installed with another --prefix?)"
  user_systemctl disable --now "$NAME.service"
  local kind path dirs=()
  while read -r kind path; do
    case $kind in
      file) rm -f "$path" ;;
      dir) dirs=("$path" "${dirs[@]}") ;;  # deepest first
    esac
  done < "$manifest"
  rm -rf "${prefix:?}/versions" "$prefix/current" "$prefix/previous" "$manifest"
  rm -f "$prefix/update.sh" "$prefix/trial" "$prefix/fallback.log"  # update.sh's (see there)
  for path in "${dirs[@]}"; do rmdir "$path" 2>/dev/null || true; done  # only when empty
  user_systemctl daemon-reload
  echo "removed $NAME from $prefix, its service, menu entry and command (settings, log and statistics are kept)"
}

if $uninstall; then uninstall_bundle; else install_bundle; fi
