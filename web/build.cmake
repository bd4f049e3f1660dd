# cmake -DNPM=… -DNODE=… -DWEB_DIR=… -DOUT_DIR=… -P build.cmake
# npm ci when node_modules is missing or does not match package-lock.json, then vite build.
file(SHA256 ${WEB_DIR}/package-lock.json lock_hash)
set(marker ${WEB_DIR}/node_modules/.turnus-lock-sha256)
set(installed "")
if(EXISTS ${marker})
  file(READ ${marker} installed)
endif()
if(NOT EXISTS ${WEB_DIR}/node_modules/vite/package.json OR NOT installed STREQUAL lock_hash)
  message(STATUS "web: npm ci")
  execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
                  WORKING_DIRECTORY ${WEB_DIR} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "web: npm ci failed (${rc})")
  endif()
  file(WRITE ${marker} ${lock_hash})
endif()
execute_process(COMMAND ${NODE} ${WEB_DIR}/node_modules/vite/bin/vite.js build --logLevel warn
                        --outDir ${OUT_DIR} --emptyOutDir
                WORKING_DIRECTORY ${WEB_DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "web: vite build failed (${rc})")
endif()
