#!/usr/bin/env bash
# Install or upgrade the ATM hồ sơ 24/7 kiosk on Debian 12 or Raspberry Pi OS (bookworm), as root.
#
# Idempotent: run it again after `git pull` to upgrade. An existing installation (a database in
# /var/lib/atm-ho-so) is stopped, upgraded, migrated (`kiosk migrate` backs the database up
# first) and started again. Files are written only when their content differs; the
# configuration and the device rules, once written, are the site's and are kept.
# docs/deployment.md is the guide; `deploy/install.sh --help` lists the flags.
set -euo pipefail

readonly APP=atm-ho-so
# Only the GPU's groups: the udev rules give the kiosk's three devices to its own group, and
# logind hands cage the seat (screen, touchscreen). No dialout, no input.
readonly KIOSK_GROUPS=video,render
readonly VENV=/opt/atm-ho-so/venv
readonly APP_DIR=/opt/atm-ho-so/app
readonly CONFIG_DIR=/etc/atm-ho-so
readonly CONFIG=$CONFIG_DIR/kiosk.toml
readonly DATA_DIR=/var/lib/atm-ho-so
readonly DATABASE=$DATA_DIR/kiosk.sqlite3
readonly UDEV_RULES=/etc/udev/rules.d/70-atm-ho-so.rules
readonly UNIT_DIR=/etc/systemd/system
readonly KIOSK_UNIT=atm-ho-so-kiosk.service
readonly SYNC_UNIT=atm-ho-so-sync.service
readonly DEFAULT_TARGET=graphical.target
# The secrets as systemd credentials, encrypted with the TPM where there is one (the units'
# LoadCredentialEncrypted=): docs/deployment.md "Secrets at rest".
readonly CREDSTORE=/etc/credstore.encrypted
readonly TOKEN_CREDENTIAL=$CREDSTORE/atm-ho-so-token
readonly KEY_CREDENTIAL=$CREDSTORE/atm-ho-so-device-key
readonly USBGUARD_RULES=/etc/usbguard/rules.conf
CHECKOUT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly CHECKOUT
readonly DEPLOY=$CHECKOUT/deploy
# What the kiosk runs from: its packages and the files they read beside them (config/, assets/).
readonly APP_FILES=(pyproject.toml README.md kiosk drivers sync config assets)
readonly NOT_APP=(--exclude=__pycache__ --exclude='*.egg-info' --exclude='*.pyc')

# What the services need from Debian: the compositor, the system libraries of Qt's Wayland/EGL
# platform and of python-escpos's USB transport, and sqlite3 for the technician.
readonly PACKAGES=(
  python3-venv cage procps sqlite3
  libwayland-client0 libwayland-cursor0 libwayland-egl1 libxkbcommon0
  libegl1 libegl-mesa0 libgles2 libgl1 libgl1-mesa-dri libfontconfig1 libdbus-1-3
  libusb-1.0-0
)
# python-evdev (the `hid` extra, for keyboard-wedge scanners) is built from source.
readonly HID_PACKAGES=(gcc libc6-dev python3-dev)

ROOT=""
DRY_RUN=0
KIOSK_ID=""
CENTRAL_URL=""
TOKEN_FILE=""
LOCKS_DEVICE=""
PRINTER_DEVICE=""
SCANNER_DEVICE=""
WITH_HID=0
WITH_USBGUARD=1
UPGRADE=0
CONFIG_WRITTEN=0
WORK=""

usage() {
  cat <<EOF
Usage: sudo deploy/install.sh [OPTIONS]

Installs or upgrades the kiosk: packages, the $APP user, $VENV, $CONFIG,
the udev rules, the two systemd units and the lock-down settings; then runs \`kiosk doctor\`.

First install (when $CONFIG does not exist):
  --kiosk-id ID        the kiosk's id at the central system
  --central-url URL    the central system's base URL (https://…)
  --token-file FILE    a file holding the kiosk's bearer token, encrypted into the systemd
                       credential $TOKEN_CREDENTIAL (delete FILE afterwards);
                       given again later, it replaces the token (rotation)

Devices (once; later runs keep them): a persistent name from
\`ls -l /dev/serial/by-id/ /dev/serial/by-path/ /dev/input/by-id/\`
  --locks NAME         the lock boards' RS-485 adapter: /dev/serial/by-id/… or by-path/…
  --printer NAME       the printer: /dev/serial/by-…, /dev/ttyS0, or usb (USB printer class)
  --scanner NAME       the scanner: /dev/serial/by-…, or /dev/input/by-id/…-event-kbd
  --hid                also build python-evdev, for a USB keyboard-wedge scanner
  --no-usbguard        leave USBGuard out (by default it is installed with a policy that
                       allows only the devices plugged in now: docs/deployment.md "USBGuard")

  --dry-run            say what would be done; change nothing
  --root DIR           write every file under DIR as if it were /, and print the commands
                       that would act on the running system instead of running them
  -h, --help           this text
EOF
}

# --- output -------------------------------------------------------------------------------------

step() { printf '\n== %s\n' "$*"; }
say() { printf '   %s\n' "$*"; }
warn() { printf '   WARNING: %s\n' "$*"; }
die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 2
}

# Live: say what runs, then run it. --dry-run or --root: only say it ("would run:").
run() {
  if ((DRY_RUN)) || [[ -n $ROOT ]]; then
    say "would run: $(quoted "$@")"
  else
    say "running: $(quoted "$@")"
    "$@"
  fi
}

# The words as a shell would need them typed: plain, or in single quotes.
quoted() {
  local word out=()
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then
      out+=("$word")
    else
      out+=("'${word//\'/\'\\\'\'}'")
    fi
  done
  printf '%s' "${out[*]}"
}

acts() { ((!DRY_RUN)) && [[ -z $ROOT ]]; }

# A kiosk command as the services run it: their user, settings and credentials
# (/usr/local/bin/kiosk, from deploy/kiosk).
kiosk_command() {
  run /usr/local/bin/kiosk "$@"
}

# --- files --------------------------------------------------------------------------------------

# install_file SOURCE PATH MODE [OWNER]: PATH (under --root) gets SOURCE's content, mode and
# owner. Returns 0 when it wrote the file, 1 when the content was already so.
install_file() {
  local source=$1 path=$2 mode=$3 owner=${4:-root:root} target=$ROOT$2
  if [[ -f $target ]] && cmp -s "$source" "$target"; then
    say "unchanged  $path"
    [[ $(stat -c %a "$target") == "${mode#0}" ]] || fix_mode "$path" "$mode"
    [[ -n $ROOT ]] || set_owner "$path" "$owner"
    return 1
  fi
  if ((DRY_RUN)); then
    say "would install  $path"
  else
    install -D -m "$mode" "$source" "$target"
    say "installed  $path"
  fi
  set_owner "$path" "$owner"
}

# ensure_dir PATH MODE OWNER: the directory exists with this mode and owner.
ensure_dir() {
  local path=$1 mode=$2 owner=$3 target=$ROOT$1
  if [[ -d $target ]]; then
    say "unchanged  $path/"
    [[ $(stat -c %a "$target") == "${mode#0}" ]] || fix_mode "$path" "$mode"
    [[ -n $ROOT ]] || set_owner "$path" "$owner"
    return 0
  fi
  if ((DRY_RUN)); then
    say "would create  $path/ (mode $mode)"
  else
    install -d -m "$mode" "$target"
    say "created    $path/ (mode $mode)"
  fi
  set_owner "$path" "$owner"
}

fix_mode() {
  local path=$1 mode=$2
  if ((DRY_RUN)); then
    say "would run: chmod $mode $path"
  else
    chmod "$mode" "$ROOT$path"
    say "mode fixed $path ($mode)"
  fi
}

# The owner's user and group may not exist outside the target system (--root): say it there.
set_owner() {
  local path=$1 owner=$2
  if [[ -n $ROOT ]]; then
    [[ $owner == root:root ]] || say "would run: chown $owner $path"
  elif [[ -e $path ]]; then
    [[ $(stat -c %U:%G "$path") == "$owner" ]] || run chown "$owner" "$path"
  elif [[ $owner != root:root ]]; then
    run chown "$owner" "$path" # a dry run: root would create it as root:root
  fi
}

# --- arguments and checks -----------------------------------------------------------------------

parse_args() {
  while (($#)); do
    case $1 in
      --kiosk-id | --central-url | --token-file | --locks | --printer | --scanner | --root)
        (($# >= 2)) || die "$1 needs a value (see --help)"
        case $1 in
          --kiosk-id) KIOSK_ID=$2 ;;
          --central-url) CENTRAL_URL=$2 ;;
          --token-file) TOKEN_FILE=$2 ;;
          --locks) LOCKS_DEVICE=$2 ;;
          --printer) PRINTER_DEVICE=$2 ;;
          --scanner) SCANNER_DEVICE=$2 ;;
          --root) ROOT=$2 ;;
        esac
        shift 2
        ;;
      --hid) WITH_HID=1 && shift ;;
      --usbguard) WITH_USBGUARD=1 && shift ;;
      --no-usbguard) WITH_USBGUARD=0 && shift ;;
      --dry-run) DRY_RUN=1 && shift ;;
      -h | --help) usage && exit 0 ;;
      *) die "unknown option $1 (see --help)" ;;
    esac
  done
}

preflight() {
  if [[ -n $ROOT ]]; then
    [[ -d $ROOT ]] || die "--root $ROOT: no such directory"
    ROOT=$(cd "$ROOT" && pwd)
    [[ $ROOT != / ]] || ROOT=""
  fi
  if acts; then
    [[ $(id -u) == 0 ]] || die "run as root: sudo $0 …"
    [[ -f /etc/debian_version ]] || die "made for Debian 12 / Raspberry Pi OS bookworm"
  fi
  # Each device flag is checked now, before anything changes.
  local role
  for role in locks printer scanner; do
    udev_line "$role" >/dev/null
  done
  if [[ ! -e $ROOT$CONFIG ]]; then
    [[ -n $KIOSK_ID && -n $CENTRAL_URL && -n $TOKEN_FILE ]] ||
      die "first install: give --kiosk-id, --central-url and --token-file ($CONFIG does not exist yet)"
    toml_value "--kiosk-id" "$KIOSK_ID" >/dev/null
    toml_value "--central-url" "$CENTRAL_URL" >/dev/null
    [[ $CENTRAL_URL == https://* ]] ||
      warn "--central-url $CENTRAL_URL is not https://: the kiosk accepts plain http only to localhost"
  fi
  if [[ -n $TOKEN_FILE ]]; then
    [[ -r $TOKEN_FILE ]] || die "--token-file $TOKEN_FILE: cannot read it"
    toml_value "--token-file" "$(token)" >/dev/null
    token_file_mode
  fi
  [[ -f $ROOT$DATABASE ]] && UPGRADE=1
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  return 0
}

# A token file other users can read: said, and fixed (a dry run says it would fix it). The
# token may have been read already: the warning says to ask for a new one.
token_file_mode() {
  local mode
  mode=$(stat -c %a "$TOKEN_FILE")
  ((8#$mode & 8#077)) || return 0
  warn "--token-file $TOKEN_FILE has mode 0$mode: other users can read the token; fixing it to 0600"
  warn "(if anyone else may have read it, ask the central system for a new token)"
  if ((DRY_RUN)); then
    say "would run: chmod 600 $(quoted "$TOKEN_FILE")"
  else
    chmod 600 "$TOKEN_FILE"
    say "mode fixed $TOKEN_FILE (0600)"
  fi
}

token() {
  local value
  value=$(tr -d '\r\n' <"$TOKEN_FILE")
  value=${value#"${value%%[![:space:]]*}"}
  printf '%s' "${value%"${value##*[![:space:]]}"}"
}

# toml_value FLAG VALUE: VALUE as the inside of a TOML basic string, or die.
toml_value() {
  local LC_ALL=C flag=$1 value=$2
  [[ -n $value ]] || die "$flag: empty"
  [[ $value =~ ^[[:print:]]+$ ]] || die "$flag: only printable ASCII characters, please"
  value=${value//\\/\\\\}
  printf '%s' "${value//\"/\\\"}"
}

# --- steps --------------------------------------------------------------------------------------

step_packages() {
  step "packages"
  local wanted=("${PACKAGES[@]}") missing=() package
  ((WITH_HID)) && wanted+=("${HID_PACKAGES[@]}")
  ((WITH_USBGUARD)) && wanted+=(usbguard)
  if acts; then
    for package in "${wanted[@]}"; do
      dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
  else
    missing=("${wanted[@]}")
  fi
  if ((${#missing[@]} == 0)); then
    say "all ${#wanted[@]} present"
    return
  fi
  run apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

step_user() {
  step "user $APP (groups $KIOSK_GROUPS)"
  local exists=0
  if [[ -n $ROOT ]]; then
    grep -q "^$APP:" "$ROOT/etc/passwd" 2>/dev/null && exists=1
  else
    getent passwd "$APP" >/dev/null && exists=1
  fi
  if ((exists)); then
    # Not --append: groups an older release gave it (dialout, input) are taken away.
    run usermod --groups "$KIOSK_GROUPS" "$APP"
  else
    run useradd --system --user-group --groups "$KIOSK_GROUPS" --home-dir /nonexistent \
      --no-create-home --shell /usr/sbin/nologin --comment "ATM ho so 24/7 kiosk" "$APP"
  fi
}

step_stop_units() {
  step "upgrade: stopping the kiosk ($DATABASE exists)"
  local installed=() unit
  for unit in "$KIOSK_UNIT" "$SYNC_UNIT"; do
    if [[ -f $ROOT$UNIT_DIR/$unit ]]; then
      installed+=("$unit")
    fi
  done
  if ((${#installed[@]} == 0)); then
    say "no units installed yet: nothing to stop"
    return
  fi
  run systemctl stop "${installed[@]}"
}

# A copy of the release, not the checkout: the kiosk runs from files nobody edits or pulls under
# it (the services are stopped while it is replaced on an upgrade).
step_app() {
  step "application $APP_DIR"
  local target=$ROOT$APP_DIR item same=1
  for item in "${APP_FILES[@]}"; do
    diff -rq "${NOT_APP[@]}" "$CHECKOUT/$item" "$target/$item" >/dev/null 2>&1 || same=0
  done
  if ((same)); then
    say "unchanged  $APP_DIR/"
    return
  fi
  if ((DRY_RUN)); then
    say "would install  $APP_DIR/ (${APP_FILES[*]})"
    return
  fi
  rm -rf "$target.new"
  install -d -m 0755 "$target.new"
  tar -C "$CHECKOUT" "${NOT_APP[@]}" -cf - "${APP_FILES[@]}" |
    tar -C "$target.new" --no-same-owner -xf -
  rm -rf "$target"
  mv "$target.new" "$target"
  say "installed  $APP_DIR/ (${APP_FILES[*]})"
}

step_venv() {
  step "virtual environment $VENV"
  local extra=""
  ((WITH_HID)) && extra="[hid]"
  [[ -x $ROOT$VENV/bin/python ]] || run python3 -m venv "$VENV"
  # Editable, from the copy: the code finds config/default.toml and assets/ beside its
  # packages, which a wheel would leave behind.
  run "$VENV/bin/pip" install --disable-pip-version-check -e "$APP_DIR$extra"
}

step_config() {
  step "configuration $CONFIG"
  ensure_dir "$CONFIG_DIR" 0750 "root:$APP"
  if [[ -e $ROOT$CONFIG ]]; then
    say "kept       $CONFIG (the site's file: never overwritten; docs/config.md)"
    [[ -z $KIOSK_ID$CENTRAL_URL ]] ||
      warn "--kiosk-id and --central-url are used only on the first install: edit $CONFIG"
    # 0640 and root:atm-ho-so whatever happened to it: nobody else's business.
    [[ $(stat -c %a "$ROOT$CONFIG") == 640 ]] || fix_mode "$CONFIG" 0640
    [[ -n $ROOT ]] || set_owner "$CONFIG" "root:$APP"
    return 0
  fi
  local text
  text=$(<"$CHECKOUT/config/kiosk.example.toml")
  # Quoted replacements: an & or a backslash in a value stays what it is.
  text=${text//@KIOSK_ID@/"$(toml_value --kiosk-id "$KIOSK_ID")"}
  text=${text//@CENTRAL_URL@/"$(toml_value --central-url "$CENTRAL_URL")"}
  printf '%s\n' "$text" >"$WORK/kiosk.toml"
  install_file "$WORK/kiosk.toml" "$CONFIG" 0640 "root:$APP" || true
  CONFIG_WRITTEN=1
  say "edit the locker layout in it before the first start ([[locker.compartments]])"
}

step_data_dir() {
  step "data directory $DATA_DIR"
  # systemd also makes it (StateDirectory=); made here for `kiosk migrate` and `kiosk doctor`.
  ensure_dir "$DATA_DIR" 0750 "$APP:$APP"
  say "persistent: the database, device key, backups/ and logs/ live here; upgrades keep it"
}

# udev_line ROLE: the rule for ROLE from its flag, else the one installed before, else a comment.
udev_line() {
  local role=$1 name link match
  link=kiosk-$role
  case $role in
    locks) name=$LOCKS_DEVICE ;;
    printer) name=$PRINTER_DEVICE ;;
    scanner) name=$SCANNER_DEVICE ;;
  esac
  if [[ -z $name ]]; then
    if [[ -f $ROOT$UDEV_RULES ]] && grep -E "^[^#].*SYMLINK\+=\"$link\"" "$ROOT$UDEV_RULES"; then
      return 0
    fi
    printf '# not pinned yet: deploy/install.sh --%s NAME (no /dev/%s until then)\n' "$role" "$link"
    return 0
  fi
  [[ $name =~ ^[A-Za-z0-9/._:+@=,-]+$ ]] ||
    die "--$role $name: unexpected characters; write its rule by hand (deploy/udev/70-atm-ho-so.rules)"
  case $name in
    /dev/serial/by-id/?* | /dev/serial/by-path/?*)
      match="SUBSYSTEM==\"tty\", SYMLINK==\"${name#/dev/}\""
      ;;
    /dev/ttyS[0-9]* | /dev/ttyAMA[0-9]*)
      match="SUBSYSTEM==\"tty\", KERNEL==\"${name#/dev/}\""
      ;;
    /dev/input/by-id/?* | /dev/input/by-path/?*)
      [[ $role == scanner ]] || die "--$role $name: an input device can only be the scanner"
      match="SUBSYSTEM==\"input\", SYMLINK==\"${name#/dev/}\""
      ;;
    usb)
      [[ $role == printer ]] || die "--$role usb: only the printer can be given as usb"
      match='SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ENV{ID_USB_INTERFACES}=="*:0701??:*"'
      ;;
    *)
      die "--$role $name: give a persistent name, /dev/serial/by-id/… or /dev/serial/by-path/… (ls -l /dev/serial/by-id/); /dev/ttyUSB0 changes with the order devices appear"
      ;;
  esac
  # ID_MM_DEVICE_IGNORE: ModemManager must not probe the device with AT commands or hold it.
  printf '%s, SYMLINK+="%s", GROUP="%s", MODE="0660", ENV{ID_MM_DEVICE_IGNORE}="1"\n' \
    "$match" "$link" "$APP"
}

step_udev() {
  step "device names (udev) $UDEV_RULES"
  local text role line
  text=$(<"$DEPLOY/udev/70-atm-ho-so.rules")
  for role in locks printer scanner; do
    line=$(udev_line "$role")
    [[ $line == \#* ]] && warn "/dev/kiosk-$role: not pinned (--$role NAME); kiosk doctor will say so"
    text=${text//"#@${role^^}@"/"$line"}
  done
  printf '%s\n' "$text" >"$WORK/udev.rules"
  if install_file "$WORK/udev.rules" "$UDEV_RULES" 0644; then
    run udevadm control --reload
    # A "change" event re-applies the rules without re-adding the touchscreen under cage.
    run udevadm trigger --subsystem-match=tty --subsystem-match=input --subsystem-match=usb
    run udevadm settle --timeout=10
  fi
}

# `sudo kiosk …` for technicians: the services' settings, as the kiosk's user.
step_command() {
  step "technician's command /usr/local/bin/kiosk"
  install_file "$DEPLOY/kiosk" /usr/local/bin/kiosk 0755 || true
}

step_units() {
  step "systemd units"
  local unit changed=0 manager
  for unit in "$KIOSK_UNIT" "$SYNC_UNIT"; do
    install_file "$DEPLOY/systemd/$unit" "$UNIT_DIR/$unit" 0644 && changed=1
  done
  ((changed)) && run systemctl daemon-reload
  run systemctl enable "$KIOSK_UNIT" "$SYNC_UNIT"
  # The kiosk is part of graphical.target; multi-user.target stays a way in for repairs.
  if [[ $(readlink "$ROOT$UNIT_DIR/default.target" 2>/dev/null) == */$DEFAULT_TARGET ]]; then
    say "default target: $DEFAULT_TARGET (unchanged)"
  else
    run systemctl set-default "$DEFAULT_TARGET"
  fi
  # A desktop's display manager (Raspberry Pi OS with desktop: lightdm) would take the screen.
  if [[ -L $ROOT$UNIT_DIR/display-manager.service ]]; then
    manager=$(basename "$(readlink "$ROOT$UNIT_DIR/display-manager.service")")
    warn "$manager would take the screen from the kiosk: disabling it"
    run systemctl disable "$manager"
  fi
}

step_lockdown() {
  step "lock-down"
  local source=$DEPLOY/lockdown
  install_file "$source/logind.conf" /etc/systemd/logind.conf.d/60-atm-ho-so.conf 0644 &&
    say "no login prompts on other consoles from the next boot"
  install_file "$source/system.conf" /etc/systemd/system.conf.d/60-atm-ho-so.conf 0644 &&
    say "hardware watchdog from the next boot"
  if install_file "$source/sysctl.conf" /etc/sysctl.d/90-atm-ho-so.conf 0644; then
    run sysctl --load=/etc/sysctl.d/90-atm-ho-so.conf
  fi
  if install_file "$source/journald.conf" /etc/systemd/journald.conf.d/60-atm-ho-so.conf 0644; then
    run systemctl restart systemd-journald
  fi
  # Ctrl+Alt+Del on a keyboard at the console would reboot the kiosk.
  if [[ $(readlink "$ROOT$UNIT_DIR/ctrl-alt-del.target" 2>/dev/null) == /dev/null ]]; then
    say "ctrl-alt-del.target masked (unchanged)"
  else
    run systemctl mask ctrl-alt-del.target
  fi
  say "not done here (a mistake would stop the board booting): the kernel command line,"
  say "consoleblank=0 vt.global_cursor_default=0 quiet; docs/deployment.md \"Lock-down\""
}

# USBGuard on by default: the devices plugged in now (the cabinet's own: locks adapter, printer,
# scanner, touchscreen, hubs) are allowed, anything plugged in later is blocked. A policy written
# before (ours or the site's) is kept.
step_usbguard() {
  step "USBGuard $USBGUARD_RULES"
  # Debian's package writes a policy of its own when installed (with device hashes, which
  # refuse an identical replacement): on a first install ours replaces it; later runs keep
  # whatever is there, the site's edits included.
  if [[ -s $ROOT$USBGUARD_RULES ]] && { ((UPGRADE)) || grep -q '^# atm-ho-so' "$ROOT$USBGUARD_RULES"; }; then
    say "kept       $USBGUARD_RULES (docs/deployment.md \"USBGuard\")"
  else
    say "policy from the devices present now: plug in everything the cabinet uses before this"
    run sh -c "umask 077 && { echo '# atm-ho-so: generated by install.sh from the devices present'; usbguard generate-policy --no-hashes; } >$USBGUARD_RULES.new && mv $USBGUARD_RULES.new $USBGUARD_RULES"
  fi
  run systemctl enable --now usbguard.service
  say "a device plugged in later is blocked; to allow one: usbguard list-devices --blocked,"
  say "then usbguard allow-device -p ID (docs/deployment.md \"USBGuard\")"
}

# The token and the device key as systemd credentials (LoadCredentialEncrypted= in the units):
# encrypted with the TPM2 where the board has one, else with the host key in
# /var/lib/systemd/credential.secret (docs/deployment.md: what that does and does not protect).
step_credentials() {
  step "secrets: systemd credentials in $CREDSTORE"
  ensure_dir "$CREDSTORE" 0700 root:root
  if acts; then
    if systemd-creds has-tpm2 >/dev/null 2>&1; then
      say "TPM2 present: the credentials are sealed to this board"
    else
      warn "no TPM2: the credentials are encrypted with a key on this disk (docs/deployment.md)"
    fi
  fi
  if [[ -n $TOKEN_FILE ]]; then
    run systemd-creds encrypt --name=kiosk-token --with-key=auto "$TOKEN_FILE" "$TOKEN_CREDENTIAL"
    say "delete $TOKEN_FILE now: the kiosk reads the token only from the credential"
  elif [[ -e $ROOT$TOKEN_CREDENTIAL ]]; then
    say "kept       $TOKEN_CREDENTIAL"
  elif [[ -f $ROOT$CONFIG ]] && grep -Eq '^[[:space:]]*token[[:space:]]*=' "$ROOT$CONFIG"; then
    # An older install kept the token in the configuration: into the credential, then out of
    # the file (the kiosk refuses a token in a file its group can read).
    local extract='import sys, tomllib; sys.stdout.write(tomllib.load(open(sys.argv[1], "rb"))["central"]["token"])'
    say "moving central.token from $CONFIG into the credential"
    run sh -c 'python3 -c "$1" "$2" | systemd-creds encrypt --name=kiosk-token --with-key=auto - "$3"' \
      sh "$extract" "$CONFIG" "$TOKEN_CREDENTIAL"
    run sed -i '/^[[:space:]]*token[[:space:]]*=/d' "$CONFIG"
  else
    warn "no token credential yet: run install.sh again with --token-file FILE"
  fi
  if [[ -e $ROOT$KEY_CREDENTIAL ]]; then
    say "kept       $KEY_CREDENTIAL"
  elif [[ -f $ROOT$DATA_DIR/device.key ]]; then
    # An older install's key beside the database: moved into the credential, then removed once
    # the credential is proved to give it back (the codes synced so far stay checkable).
    run systemd-creds encrypt --name=device-key --with-key=auto "$DATA_DIR/device.key" "$KEY_CREDENTIAL"
    run sh -c "systemd-creds decrypt --name=device-key $KEY_CREDENTIAL - | cmp -s - $DATA_DIR/device.key && rm $DATA_DIR/device.key"
  else
    run sh -c "head -c 32 /dev/urandom | systemd-creds encrypt --name=device-key --with-key=auto - $KEY_CREDENTIAL"
  fi
}

step_migrate() {
  step "upgrade: database migration (backup first, into $DATA_DIR/backups/)"
  if ! kiosk_command migrate; then
    printf '\ninstall.sh: kiosk migrate failed: the kiosk stays stopped. The backup is in %s;\n' \
      "$DATA_DIR/backups/" >&2
    printf 'docs/deployment.md "Upgrading" says how to roll back.\n' >&2
    exit 1
  fi
}

step_start_units() {
  step "upgrade: starting the kiosk"
  run systemctl start "$SYNC_UNIT"
  # Starting the kiosk takes tty1 from whoever is logged in there (getty@tty1 conflicts).
  if acts && [[ $(tty 2>/dev/null || true) == /dev/tty1 ]]; then
    warn "this shell is on tty1, which the kiosk takes: reboot (or start $KIOSK_UNIT over SSH)"
    return
  fi
  run systemctl start "$KIOSK_UNIT"
}

step_doctor() {
  step "kiosk doctor"
  if kiosk_command doctor; then
    return
  fi
  warn "kiosk doctor found problems (the FAIL lines above); fix them and run it again:"
  say "sudo $(quoted runuser -u "$APP" -- env "KIOSK_CONFIG=$CONFIG" "KIOSK_DATA_DIR=$DATA_DIR" "$VENV/bin/kiosk" doctor)"
  say "what each check means: docs/doctor.md"
}

summary() {
  step "done"
  if ((DRY_RUN)); then
    say "dry run: nothing was changed"
  elif ((UPGRADE)); then
    say "upgraded; the database backup is in $DATA_DIR/backups/"
  elif ((CONFIG_WRITTEN)); then
    say "installed. Next: edit $CONFIG (the locker layout), set the kernel command line"
    say "(docs/deployment.md \"Lock-down\"), then reboot: the kiosk starts on the screen."
  else
    say "installed; the kiosk starts at the next boot (or: systemctl start $SYNC_UNIT $KIOSK_UNIT)"
  fi
}

main() {
  parse_args "$@"
  preflight
  ((DRY_RUN)) && say "dry run: nothing will be changed"
  [[ -n $ROOT ]] && say "files under $ROOT; commands are printed, not run"
  step_packages
  step_user
  ((UPGRADE)) && step_stop_units
  step_app
  step_venv
  step_config
  step_data_dir
  step_credentials
  step_udev
  step_units
  step_command
  step_lockdown
  ((WITH_USBGUARD)) && step_usbguard
  if ((UPGRADE)); then
    step_migrate
    step_start_units
  fi
  step_doctor
  summary
}

main "$@"
