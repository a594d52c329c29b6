#!/usr/bin/env python3
"""Writes a large web.config and appsettings.json (about SIZE_KB each) for the build-overhead benchmark.

Mostly safe settings (https endpoints, encrypted connection strings, ordinary keys), with a handful of deliberate
findings at the end so the configuration-file rules have something to report: the benchmark measures their cost on
realistic, large files rather than on an empty list.
Usage: generate_config.py OUT_DIR SIZE_KB
"""
import os
import sys

out, size_kb = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
target = size_kb * 1024

lines = ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <appSettings>']
i = 0
while sum(len(l) + 1 for l in lines) < target - 2048:
    kind = i % 4
    if kind == 0:
        lines.append(f'    <add key="Service{i}.BaseUrl" value="https://service{i}.contoso.com/api/v2/" />')
    elif kind == 1:
        lines.append(f'    <add key="Feature{i}.Enabled" value="true" />')
    elif kind == 2:
        lines.append(f'    <!-- retry policy for partner {i} -->')
        lines.append(f'    <add key="Partner{i}.Retries" value="{i % 7}" />')
    else:
        lines.append(f'    <add key="Db{i}" value="Server=tcp:db{i}.contoso.com;Database=D{i};Authentication=Active Directory Default;Encrypt=True" />')
    i += 1
lines += [
    '    <add key="Legacy.Endpoint" value="http://legacy.contoso.com/soap" />',
    '  </appSettings>',
    '  <system.web>',
    '    <customErrors mode="Off" />',
    '    <compilation debug="true" targetFramework="4.8" />',
    '    <machineKey validation="SHA1" decryption="AES" />',
    '  </system.web>',
    '</configuration>',
]
with open(os.path.join(out, 'web.config'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(lines) + '\n')

parts = ['{', '  "Logging": { "LogLevel": { "Default": "Information" } },', '  "Services": {']
i = 0
size = sum(len(p) + 1 for p in parts)
while size < target - 2048:
    entry = (f'    "Service{i}": {{ "BaseUrl": "https://service{i}.contoso.com/", "TimeoutSeconds": {i % 60}, '
             f'"Retry": {{ "Count": 3, "Backoff": [ 100, 200, 400 ] }}, "Enabled": true, "Tags": [ "a{i}", "b{i}" ] }},')
    parts.append(entry)
    size += len(entry) + 1
    i += 1
parts += [
    '    "Legacy": { "BaseUrl": "http://legacy.contoso.com/api/" }',
    '  },',
    '  "ConnectionStrings": { "Shop": "Server=db.contoso.com;Database=Shop;Integrated Security=True;TrustServerCertificate=True" },',
    '  "DetailedErrors": true,',
    '  "AllowedHosts": "*"',
    '}',
]
with open(os.path.join(out, 'appsettings.json'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(parts) + '\n')
