# uboot-lab.sh - a lab of one U-Boot board under QEMU, for t/qemu and
# t/bench: sourced after LAVA_SRC is set.
# shellcheck shell=sh

UBOOT_ROM=${LAVA_UBOOT_ROM:-/usr/lib/u-boot/qemu-x86/u-boot.rom}
LAVA_UBOOT_ROM=$UBOOT_ROM
export LAVA_UBOOT_ROM

# uboot_lab DIR: DIR/tftp for the TFTP server, DIR/ramdisk.gz from
# lava-qemu -R, and DIR/board.yaml, the device file of the board whose
# power switch and serial line are t/qemu/uboot-board.
uboot_lab() {
	mkdir -p "$1/tftp" &&
	lava-qemu -R "$1/ramdisk.gz" &&
	cat >"$1/board.yaml" <<-EOF
	# A U-Boot board under QEMU; its serial port connects to console.sock.
	connection_command: socat - UNIX-LISTEN:$1/console.sock
	power_on_command: $LAVA_SRC/t/qemu/uboot-board on $1
	power_off_command: $LAVA_SRC/t/qemu/uboot-board off $1
	interrupt_prompt: Hit any key to stop autoboot
	interrupt_char: " "
	bootloader_prompt: "=> "
	shell_prompt: "/ # "
	tftp_dir: $1/tftp
	server_ip: 10.0.2.2
	target_ip: 10.0.2.15
	target_mac: 52:54:00:12:34:56
	kernel_addr: 0x1000000
	ramdisk_addr: 0x8000000
	boot_commands:
	  ramdisk:
	  - setenv autoload no
	  - dhcp
	  - setenv serverip {SERVER_IP}
	  - tftpboot {KERNEL_ADDR} {KERNEL}
	  - tftpboot {RAMDISK_ADDR} {RAMDISK}
	  - setenv bootargs console=ttyS0 panic=-1
	  - zboot {KERNEL_ADDR} 0 {RAMDISK_ADDR} \${filesize}
	EOF
}

# uboot_job KERNEL RAMDISK TIMEOUT: a job that deploys KERNEL and RAMDISK,
# boots them within TIMEOUT seconds, and runs the demo job's definitions.
uboot_job() {
	cat <<-EOF
	actions:
	- deploy:
	    to: tftp
	    kernel: {url: $1}
	    ramdisk: {url: file://$2, compression: gz}
	- boot:
	    method: u-boot
	    commands: ramdisk
	    prompts: ["/ # "]
	    timeout: {seconds: $3}
	- test:
	    timeout: {seconds: 60}
	    interactive:
	    - name: facts
	      prompts: ["/ # "]
	      echo: discard
	      script:
	      - name: target-ip
	        command: lava-target-ip
	        successes: [{message: "(?m)^10[.]0[.]2[.]15\\r?\$"}]
	      - name: target-mac
	        command: lava-target-mac
	        successes: [{message: "(?m)^52:54:00:12:34:56\\r?\$"}]
	- test:
	    definitions:
	EOF
	sed -e '1,/^definitions:/d' -e 's/^/    /' \
		-e "s|repository: demo-parse.yaml|repository: $LAVA_SRC/examples/demo-parse.yaml|" \
		"$LAVA_SRC/examples/demo-job.yaml"
}
