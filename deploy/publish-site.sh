#!/usr/bin/env bash
# 在网站服务器上定时运行：取得数据仓库 main 分支的最新提交，校验并生成网站到网站目录。
#
# 用法：deploy/publish-site.sh 仓库地址 工作目录 网站目录
#   仓库地址  git clone 能用的地址，只读即可（内网 GitLab、Gitea 或 Forgejo 上的仓库地址，或本机路径）
#   工作目录  本脚本保存仓库副本、Python 虚拟环境和已发布提交的目录
#   网站目录  nginx（或任何静态网站服务器）的网站根目录
#
# 网站服务器自己拉取，流水线不需要任何写入网站服务器的凭据。jili build 先生成到临时目录，
# 成功后才整体替换网站目录：数据有错误时原网站不变，本脚本以非零状态退出。
# 同一提交只生成一次。环境变量 JILI 可指定已安装的 jili（不设时在工作目录中建立虚拟环境安装），
# PYTHON 指定 Python 3.11 以上的解释器（默认 python3），pip 按本机的镜像源设置安装。
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "用法：$0 仓库地址 工作目录 网站目录" >&2
  exit 2
fi
url="$1"
work="$2"
site="$3"
branch="${JILI_BRANCH:-main}"

mkdir -p "$work"
if [ ! -d "$work/repo/.git" ]; then
  git clone --quiet --no-checkout "$url" "$work/repo"
fi
git -C "$work/repo" fetch --quiet origin "$branch"
git -C "$work/repo" checkout --quiet --force --detach FETCH_HEAD
commit="$(git -C "$work/repo" rev-parse HEAD)"

if [ -d "$site" ] && [ -f "$work/published" ] && [ "$(cat "$work/published")" = "$commit" ]; then
  echo "网站已是 $commit 的内容，未重新生成。"
  exit 0
fi

jili="${JILI:-}"
if [ -z "$jili" ]; then
  "${PYTHON:-python3}" -m venv "$work/venv"
  "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$work/repo"
  # the code may change with the data: always install this commit's jili
  "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall \
    "$work/repo"
  jili="$work/venv/bin/jili"
fi

# 以提交时间作为生成时间：同样的数据总是生成完全相同的网站
SOURCE_DATE_EPOCH="$(git -C "$work/repo" log -1 --format=%ct)"
export SOURCE_DATE_EPOCH
"$jili" --root "$work/repo" build --out "$site"
echo "$commit" > "$work/published"
echo "已发布 $commit 到 $site"
