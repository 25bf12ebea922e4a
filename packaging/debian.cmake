# Debian packages through CPack (`cpack -G DEB` in a build configured with
# -DNUMABENCH_WORK_DIR=/var/cache/numabench; packaging/README.md), one per
# install component:
#   numabench       the binaries, profiles, scripts, module sources for
#                   guest kernels, man pages, bash completion, docs;
#                   Depends from dpkg-shlibdeps
#   numabench-dkms  kbench's sources and dkms.conf in /usr/src, built by
#                   DKMS for every installed kernel with headers
set(NB_DEB_RELEASE 1)
set(NB_MAINTAINER "numabench developers <numabench@example.org>" CACHE STRING
  "Maintainer field and changelog signature of the Debian packages")
string(TIMESTAMP NB_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(_pk ${PROJECT_BINARY_DIR}/packaging)

# Per package: copyright (numabench's: the top level's install) and
# changelog (Debian policy 12.5, 12.7).
configure_file(${CMAKE_CURRENT_LIST_DIR}/changelog.in ${_pk}/changelog.Debian @ONLY)
add_custom_command(OUTPUT ${_pk}/changelog.Debian.gz
  COMMAND gzip -9nf -k ${_pk}/changelog.Debian
  DEPENDS ${_pk}/changelog.Debian VERBATIM)
add_custom_target(debian-changelog ALL DEPENDS ${_pk}/changelog.Debian.gz)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/numabench-dkms COMPONENT dkms)
foreach(spec "numabench;numabench" "numabench-dkms;dkms")
  list(GET spec 0 pkg)
  list(GET spec 1 comp)
  install(FILES ${_pk}/changelog.Debian.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${pkg} COMPONENT ${comp})
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/lintian/${pkg}
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides COMPONENT ${comp}
    OPTIONAL)
endforeach()

# Maintainer scripts, with the version and the cache directory filled in;
# CPack names them by file name (postinst, prerm, postrm).
foreach(spec "postinst-dkms;dkms/postinst" "prerm-dkms;dkms/prerm"
    "postrm;numabench/postrm")
  list(GET spec 0 in)
  list(GET spec 1 out)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${in}.in ${_pk}/${out} @ONLY
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
      GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()

# What the packages hold that a build makes (packaging/build-debs builds
# this, not the tests).
add_custom_target(deb-files)
add_dependencies(deb-files numabench nb-migratee man debian-changelog)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME numabench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${NB_MAINTAINER})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/deb)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL numabench dkms)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${NB_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_NUMABENCH_PACKAGE_NAME numabench)
set(CPACK_DEBIAN_NUMABENCH_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_NUMABENCH_PACKAGE_SHLIBDEPS ON)
# dlopen'ed allocators, the guest executor's tools, the report's plots
set(CPACK_DEBIAN_NUMABENCH_PACKAGE_RECOMMENDS
  "qemu-system-x86, busybox-static, cpio, kmod, make, gcc, gnuplot-nox, libjemalloc2, libtcmalloc-minimal4, libmimalloc2.0")
set(CPACK_DEBIAN_NUMABENCH_PACKAGE_SUGGESTS
  "numabench-dkms, linux-headers-amd64, linux-image-amd64, bash-completion")
set(CPACK_DEBIAN_NUMABENCH_PACKAGE_CONTROL_EXTRA ${_pk}/numabench/postrm)
set(CPACK_COMPONENT_NUMABENCH_DESCRIPTION
"NUMA memory allocator benchmark for Linux kernels and userspace
numabench times the kernel's buddy allocator, slab, vmalloc and TLB-flush
paths (through its kbench module) and userspace page placement, migration
and allocators (glibc, jemalloc, tcmalloc, mimalloc) from a CPU of each
NUMA node against memory of each node. Runs land in one CSV schema;
reports (Markdown, LaTeX, HTML, plots) and regression verdicts between
kernels are built from them. Where the host cannot load modules it runs
in a QEMU guest with an emulated NUMA topology.")

set(CPACK_DEBIAN_DKMS_PACKAGE_NAME numabench-dkms)
set(CPACK_DEBIAN_DKMS_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DKMS_PACKAGE_SECTION kernel)
set(CPACK_DEBIAN_DKMS_PACKAGE_DEPENDS dkms)
set(CPACK_DEBIAN_DKMS_PACKAGE_CONTROL_EXTRA "${_pk}/dkms/postinst;${_pk}/dkms/prerm")
set(CPACK_COMPONENT_DKMS_DESCRIPTION
"kbench kernel module for numabench (DKMS)
The kbench module times the buddy allocator, slab, vmalloc and TLB-flush
paths on a kthread pinned to a CPU of each NUMA node and checks where every
allocation landed; numabench drives it through /dev/kbench. DKMS builds
it for every installed kernel with headers and for kernels installed
later.")

# A packaged binary must not write into this build tree (its compiled-in
# work directory) nor have postrm remove it.
set(CPACK_PROJECT_CONFIG_FILE ${_pk}/cpack-check.cmake)
file(WRITE ${_pk}/cpack-check.cmake
"if(NOT \"${NUMABENCH_WORK_DIR}\" MATCHES \"^/var/cache/\")
  message(FATAL_ERROR \"numabench packages need -DNUMABENCH_WORK_DIR=/var/cache/numabench (now ${NUMABENCH_WORK_DIR})\")
endif()
")
include(CPack)
