###
# install
apt-get install -y iputils-ping
