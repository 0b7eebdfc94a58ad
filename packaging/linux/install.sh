#!/bin/sh
# Put Jevons into your applications menu (no root needed), or take it out again.
#
#   ./install.sh              menu entry, icons, CSV "Open with", ~/.local/bin/jevons
#   ./install.sh --uninstall  remove all of that (the bundle folder itself stays)
#
# Run it from the unpacked bundle (the folder with the `jevons` executable);
# if you move the folder later, run it again.
set -eu

NAME=jevons
HERE=$(cd "$(dirname "$0")" && pwd)
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
APPS="$DATA/applications"
ICONS="$DATA/icons/hicolor"
BIN="$HOME/.local/bin"

refresh() {
  # Menus and "Open with" lists pick up the change without a new log-in.
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$APPS" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICONS/index.theme" ]; then
    gtk-update-icon-cache -q -t "$ICONS" || true
  fi
  if command -v xdg-desktop-menu >/dev/null 2>&1; then
    xdg-desktop-menu forceupdate || true
  fi
}

uninstall() {
  rm -f "$APPS/$NAME.desktop"
  for icon in "$ICONS"/*/apps/"$NAME".png "$ICONS"/scalable/apps/"$NAME".svg; do
    if [ -e "$icon" ]; then rm -f "$icon"; fi
  done
  # The command link only if it is ours (points at a jevons executable).
  if [ -L "$BIN/$NAME" ] && [ "$(basename "$(readlink "$BIN/$NAME")")" = "$NAME" ]; then
    rm -f "$BIN/$NAME"
  fi
  refresh
  echo "Jevons removed from the applications menu."
}

install() {
  exe="$HERE/$NAME"
  [ -x "$exe" ] || { echo "error: $exe not found; run install.sh from the Jevons folder" >&2; exit 1; }
  case "$exe" in
    *[\"\`\$\\]*) echo "error: the folder path contains \" \` \$ or \\, which a menu entry cannot hold;" \
                       "move the Jevons folder somewhere else" >&2; exit 1 ;;
  esac
  mkdir -p "$APPS" "$BIN"
  (cd "$HERE/share/icons/hicolor" && find . -type f) | while read -r rel; do
    mkdir -p "$ICONS/$(dirname "$rel")"
    cp -f "$HERE/share/icons/hicolor/$rel" "$ICONS/$rel"
  done
  # The menu entry runs this bundle's executable (quoted: the path may hold spaces).
  sed -e "s|^Exec=.*|Exec=\"$exe\" %f|" -e "s|^TryExec=.*||" \
      "$HERE/share/applications/$NAME.desktop" > "$APPS/$NAME.desktop.tmp"
  echo "TryExec=$exe" >> "$APPS/$NAME.desktop.tmp"
  mv -f "$APPS/$NAME.desktop.tmp" "$APPS/$NAME.desktop"
  ln -sfn "$exe" "$BIN/$NAME"
  refresh
  echo "Jevons is in your applications menu; CSV files offer \"Open with Jevons\"."
  case ":$PATH:" in
    *":$BIN:"*) echo "In a terminal: jevons --help" ;;
    *) echo "In a terminal: $BIN/$NAME --help (add $BIN to PATH to type just 'jevons')" ;;
  esac
}

case "${1:-}" in
  "") install ;;
  --uninstall) uninstall ;;
  *) echo "usage: $0 [--uninstall]" >&2; exit 2 ;;
esac
