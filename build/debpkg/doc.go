// Package debpkg reads what a Debian package says about itself (its
// control file's Package, Version and Architecture) without dpkg, and
// orders Debian versions as dpkg does.
//
// A .deb is an ar archive of debian-binary, control.tar[.gz|.xz] and
// data.tar.*; ReadControl reads only the first two members, so a package
// of any size costs a few kilobytes. The update path reads the control
// file of its own root-only copy of a bundle, whose bytes it has already
// checked against the signature, never of the bundle on the USB stick.
//
// CompareVersions implements dpkg's algorithm (deb-version(7)): epoch,
// then upstream version, then Debian revision, each compared as
// alternating runs of non-digits (letters before other characters, '~'
// before everything, even the end) and numbers.
package debpkg
