# Writes a man page (roff) from a program's own --help texts, so the page and --help
# cannot drift: both come from the same QCommandLineParser definitions. OUT is the page,
# OUT.gz the page as installed (gzip -9n).
#   cmake -DEXE=... -DNAME=pusher-cli -DSUMMARY="..." -DVERSION=... -DOUT=... \
#         [-DCOMMANDS="run;validate"] [-DENV="QT_QPA_PLATFORM=offscreen"] -P manpage.cmake
cmake_minimum_required(VERSION 3.25)

function(help_of out)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${ENV} ${EXE} ${ARGN} --help
                  OUTPUT_VARIABLE text ERROR_VARIABLE errors RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR text STREQUAL "")
    message(FATAL_ERROR "${EXE} ${ARGN} --help failed (${rc}): ${errors}")
  endif()
  # Qt names the program by the path it was run from; the page names it as installed.
  string(REPLACE "${EXE}" "${NAME}" text "${text}")
  # roff: a backslash is \e; a line starting with . or ' would be a request.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  string(REGEX REPLACE "\n+$" "" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

string(TOUPPER "${NAME}" upper)
string(REPLACE "-" "\\-" roffname "${NAME}")
help_of(main)
set(page ".TH ${upper} 1 \"\" \"${NAME} ${VERSION}\" \"User Commands\"
.SH NAME
${roffname} \\- ${SUMMARY}
.SH SYNOPSIS AND OPTIONS
.nf
${main}
.fi
")
if(COMMANDS)
  string(APPEND page ".SH COMMANDS\n")
  foreach(command IN LISTS COMMANDS)
    help_of(text ${command})
    string(APPEND page ".SS ${command}\n.nf\n${text}\n.fi\n")
  endforeach()
endif()
string(APPEND page ".SH FILES
.TP
.I /usr/share/pusher/scenarios
Scenarios shipped with Pusher (the demo, the sandbox scenarios).
.TP
.I /usr/share/pusher/examples
Example scenarios for each target kind.
.TP
.I /usr/share/doc/pusher
The documentation: the scenario and results formats, the CLI, the app, the engine.
.SH SEE ALSO
")
# The other programs' pages (not the page itself).
set(others pusher pusher-cli pusher-sandbox)
list(REMOVE_ITEM others "${NAME}")
list(TRANSFORM others APPEND " (1)")
list(TRANSFORM others PREPEND ".BR ")
list(JOIN others ",\n" see_also)
string(APPEND page "${see_also}\n")
file(WRITE "${OUT}" "${page}")
# Debian installs man pages compressed (policy 12.1; lintian: uncompressed-manual-page) with
# gzip -9n: the most compression, and no file name or time stamp in the header, so the same
# page gives the same bytes (a reproducible package). Written beside, then renamed.
execute_process(COMMAND gzip -9n -c "${OUT}" OUTPUT_FILE "${OUT}.gz.tmp" RESULT_VARIABLE rc
                ERROR_VARIABLE errors)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUT}.gz.tmp")
  message(FATAL_ERROR "gzip -9n ${OUT} failed (${rc}): ${errors}")
endif()
file(RENAME "${OUT}.gz.tmp" "${OUT}.gz")
