# Installation (cmake --install) and the Debian package (make package -> CPack DEB).
include(GNUInstallDirs)

set(PUSHER_PROGRAMS pusher-cli pusher-sandbox)
if(PUSHER_BUILD_GUI)
  list(PREPEND PUSHER_PROGRAMS pusher)
endif()
install(TARGETS ${PUSHER_PROGRAMS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/scenarios/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/pusher/scenarios FILES_MATCHING PATTERN "*.json")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/scenarios/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/pusher/examples FILES_MATCHING PATTERN "*.json"
        PATTERN "*.csv")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/pusher
        FILES_MATCHING PATTERN "*.md" PATTERN "screenshots" EXCLUDE)

if(PUSHER_BUILD_GUI)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/pusher.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/pusher.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

# Man pages come from the programs' own --help texts (cmake/manpage.cmake), so they cannot
# drift from the options the programs accept. Every program installed above has one
# (lintian: binary-without-manpage; ctest man_pages checks it), installed gzip -9n compressed
# as Debian does (lintian: uncompressed-manual-page).
set(man_dir ${CMAKE_BINARY_DIR}/man)
set(man_pages ${man_dir}/pusher-cli.1.gz)
add_custom_command(
  OUTPUT ${man_dir}/pusher-cli.1 ${man_dir}/pusher-cli.1.gz
  COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:pusher-cli> -DNAME=pusher-cli
          "-DSUMMARY=run, validate, format, import and report Pusher load-test scenarios headless"
          -DVERSION=${PROJECT_VERSION} "-DCOMMANDS=run\\;validate\\;format\\;import\\;sandbox\\;report"
          -DOUT=${man_dir}/pusher-cli.1 -P ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
  DEPENDS pusher-cli ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
  COMMENT "Man page pusher-cli.1 from pusher-cli --help")
list(APPEND man_pages ${man_dir}/pusher-sandbox.1.gz)
add_custom_command(
  OUTPUT ${man_dir}/pusher-sandbox.1 ${man_dir}/pusher-sandbox.1.gz
  COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:pusher-sandbox> -DNAME=pusher-sandbox
          "-DSUMMARY=serve the Pusher sandbox HTTP server on 127.0.0.1" -DVERSION=${PROJECT_VERSION}
          -DOUT=${man_dir}/pusher-sandbox.1 -P ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
  DEPENDS pusher-sandbox ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
  COMMENT "Man page pusher-sandbox.1 from pusher-sandbox --help")
if(PUSHER_BUILD_GUI)
  list(APPEND man_pages ${man_dir}/pusher.1.gz)
  add_custom_command(
    OUTPUT ${man_dir}/pusher.1 ${man_dir}/pusher.1.gz
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:pusher> -DNAME=pusher
            "-DSUMMARY=a desktop load-testing workbench" -DVERSION=${PROJECT_VERSION}
            -DOUT=${man_dir}/pusher.1 -P ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
    DEPENDS pusher ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
    COMMENT "Man page pusher.1 from pusher --help")
endif()
add_custom_target(man-pages ALL DEPENDS ${man_pages})
install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The package's own files, which every Debian package has (lintian: no-copyright-file,
# no-changelog): the copyright file as written (cmake/deb/copyright, the copyright-format
# 1.0 form) and the changelog (cmake/deb/changelog, Debian's changelog format: a native
# package's is /usr/share/doc/PACKAGE/changelog.gz) compressed gzip -9n like the man pages.
# Its top entry must be this version: a project(VERSION) without one stops here.
set(deb_dir ${PROJECT_SOURCE_DIR}/cmake/deb)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${deb_dir}/changelog)
file(STRINGS ${deb_dir}/changelog changelog_top LIMIT_COUNT 1)
string(REPLACE "\\;" ";" changelog_top "${changelog_top}") # file(STRINGS) escapes it
string(REPLACE "." "\\." version_pattern "${PROJECT_VERSION}")
if(NOT changelog_top MATCHES "^pusher \\(${version_pattern}\\) ")
  message(FATAL_ERROR "cmake/deb/changelog: its top entry is \"${changelog_top}\", not version "
                      "${PROJECT_VERSION} (project() in CMakeLists.txt): add an entry for it on top")
endif()
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/deb)
execute_process(COMMAND gzip -9n -c ${deb_dir}/changelog
                OUTPUT_FILE ${CMAKE_BINARY_DIR}/deb/changelog.gz.tmp RESULT_VARIABLE gzip_rc)
if(NOT gzip_rc EQUAL 0)
  message(FATAL_ERROR "gzip -9n cmake/deb/changelog failed (${gzip_rc})")
endif()
file(RENAME ${CMAKE_BINARY_DIR}/deb/changelog.gz.tmp ${CMAKE_BINARY_DIR}/deb/changelog.gz)
install(FILES ${deb_dir}/copyright ${CMAKE_BINARY_DIR}/deb/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/pusher)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pusher)
set(CPACK_PACKAGE_VENDOR "The Pusher developers")
# The Maintainer: the address the project's commits are made under (pusher@localhost was no
# address at all: lintian's bogus-mail-host). cmake/deb/copyright and changelog name it too.
set(CPACK_PACKAGE_CONTACT
    "The Pusher developers <maintainers@users.noreply.r-seed-39b089a0.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Desktop load-testing workbench with live charts")
# The extended description in lines of at most 80 characters (Debian policy 5.6.13; lintian:
# extended-description-line-too-long): CPack indents each line by one space.
set(CPACK_PACKAGE_DESCRIPTION
    "A Farm of Workers calls Targets (HTTP(S), TCP, a command, a synthetic model)
at a set rate under a concurrency cap, with exact latency histograms and live
charts. The same scenario files run headless with pusher-cli, which also
validates, formats and reports them and imports curl command lines and HAR
files; pusher-sandbox serves a loopback HTTP server to try them against.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY pusher)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Depends: computed from the installed binaries by dpkg-shlibdeps (dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not visible to dpkg-shlibdeps because Qt loads them at run time as plugins: the platform
# plugins that open a window (xcb, wayland: qt6-qpa-plugins) and the SVG image and icon
# engines that draw the toolbar icons (libqt6svg6).
if(PUSHER_BUILD_GUI)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6")
endif()
# pusher-cli run --mpi and the app's distributed runs start mpirun, which no linker dependency
# brings (libopenmpi3 has no mpirun; openmpi-bin has): recommended, so that `apt-get install
# ./pusher_*.deb` installs it unless told not to (docs/distributed.md).
if(PUSHER_HAVE_MPI)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openmpi-bin")
endif()
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
include(CPack)
