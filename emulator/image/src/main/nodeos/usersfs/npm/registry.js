'use strict';
// The image's npm registry: serves the packages bundled in /usr/share/nodeos/registry over HTTP on 127.0.0.1,
// so `npm install NAME` works with no network (in the browser the guest has none).
//
// Layout: /usr/share/nodeos/registry/NAME/VERSION.tgz (the tarball from the npm registry, checked against its
// sha512 when the image was built) and NAME/VERSION.json (its package.json). For GET /NAME the registry answers a
// "packument" (the package document npm asks for) listing those versions; GET /NAME/-/NAME-VERSION.tgz is the file.

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');

const ROOT = '/usr/share/nodeos/registry';

function compareVersions(a, b) {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] || 0) !== (pb[i] || 0)) return (pa[i] || 0) - (pb[i] || 0);
  }
  return 0;
}

function packument(name, base) {
  const dir = path.join(ROOT, name);
  const versions = {};
  const list = fs.readdirSync(dir).filter((f) => f.endsWith('.tgz')).map((f) => f.slice(0, -4)).sort(compareVersions);
  for (const version of list) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, version + '.json'), 'utf8'));
    const tarball = fs.readFileSync(path.join(dir, version + '.tgz'));
    versions[version] = {
      ...manifest,
      _id: name + '@' + version,
      dist: {
        tarball: base + '/' + name + '/-/' + name.split('/').pop() + '-' + version + '.tgz',
        integrity: 'sha512-' + crypto.createHash('sha512').update(tarball).digest('base64'),
        shasum: crypto.createHash('sha1').update(tarball).digest('hex'),
      },
    };
  }
  return { name, 'dist-tags': { latest: list[list.length - 1] }, versions };
}

function serve(port = 0) {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split('?')[0]).replace(/^\/+/, '');
    const base = 'http://127.0.0.1:' + server.address().port;
    try {
      const tarball = /^(.+)\/-\/[^/]+-([^/]+)\.tgz$/.exec(url);
      if (tarball && !tarball[1].includes('..')) {
        const body = fs.readFileSync(path.join(ROOT, tarball[1], tarball[2] + '.tgz'));
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
        res.end(body);
      } else if (url !== '' && !url.includes('..') && fs.existsSync(path.join(ROOT, url))) {
        const body = JSON.stringify(packument(url, base));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: url + ' is not among the packages bundled in this NodeOS image (offline)' }));
      }
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: e.message }));
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

module.exports = { serve, packument };
