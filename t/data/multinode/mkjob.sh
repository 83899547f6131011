# mkjob.sh - mkjob SECONDS SERVER-STEPS CLIENT-STEPS >JOB: a MultiNode job
# of a server and a client, each role with its own inline definition whose
# run steps are the lines of the files; SECONDS is the group's time limit.
# shellcheck shell=sh
mkjob() {
	echo "protocols:"
	echo "  lava-multinode:"
	echo "    roles:"
	echo "      server: {count: 1}"
	echo "      client: {count: 1}"
	echo "    timeout: {seconds: $1}"
	echo "actions:"
	for _r in server client; do
		if [ "$_r" = server ]; then _f=$2; else _f=$3; fi
		echo "- test:"
		echo "    role: [$_r]"
		echo "    definitions:"
		echo "    - from: inline"
		echo "      name: $_r"
		echo "      path: inline/$_r.yaml"
		echo "      repository:"
		echo "        metadata: {name: $_r, format: Lava-Test Test Definition 1.0, description: $_r}"
		echo "        run:"
		echo "          steps:"
		while IFS= read -r _l; do
			printf "          - '%s'\n" "$(printf '%s' "$_l" | sed -e "s/'/''/g")"
		done <"$_f"
	done
}
