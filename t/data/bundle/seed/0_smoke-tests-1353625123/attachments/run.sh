###default parameters from yaml###

######
cd /lava/tests/0_smoke-tests
lava-test-case linux-posix-pwd --shell pwd
lava-test-case net-ping --shell ping -c 3 127.0.0.1
lava-test-case boot-time --result pass --measurement 10.5 --units s
uname -a | grep -q Linux && echo "uname: PASS" || echo "uname: FAIL"
echo "kernel-config: UNSURE"
