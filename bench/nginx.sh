# Sourced by the bench scripts: a private loopback nginx in a temp directory.
#
#   free_port                          prints a free TCP port on 127.0.0.1
#   write_nginx_conf DIR PORT WORKERS BODY [STATUS]
#                                      writes DIR/nginx.conf: WORKERS processes on
#                                      127.0.0.1:PORT answering 200 with BODY (nginx syntax,
#                                      e.g. '"ok\n"' or ''), keep-alive; with STATUS=1 also
#                                      /nginx_status (stub_status: its request counter)
#   nginx_served PORT                  prints the request count of a STATUS=1 nginx (the
#                                      reading counts itself)

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

write_nginx_conf() {
  local dir=$1 port=$2 workers=$3 body=$4 status=${5:-0} status_location=""
  mkdir -p "$dir/tmp" "$dir/logs"
  [ "$status" = 1 ] && status_location="location = /nginx_status { stub_status; }"
  cat >"$dir/nginx.conf" <<CONF
worker_processes $workers;
daemon on;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 8192; use epoll; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fcgi; uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 100000000; keepalive_timeout 300s; server_tokens off;
  server {
    listen 127.0.0.1:$port reuseport backlog=4096;
    $status_location
    location / { default_type text/plain; return 200 $body; }
  }
}
CONF
}

nginx_served() {
  curl -s "http://127.0.0.1:$1/nginx_status" | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+/ {print $3}'
}
