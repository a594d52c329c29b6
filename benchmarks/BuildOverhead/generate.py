#!/usr/bin/env python3
"""Generates a large, realistic C# solution for measuring analyzer overhead: several projects of service, controller,
crypto and client classes with string literals, LINQ, HttpClient, cookies, hashing and a few deliberate findings."""
import os, sys

out, projects, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

SERVICE = '''using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Bench.P{p}.Area{a};

public sealed record Item{n}(int Id, string Name, decimal Price, IReadOnlyList<string> Tags);

public sealed class Item{n}Repository
{{
    private readonly Dictionary<int, Item{n}> _items = new();
    private const string TableName = "items_{n}";
    private const string Description = "Repository of catalogue items for area {a}, file {n}; holds up to 10,000 entries.";

    public Item{n}? Find(int id) => _items.TryGetValue(id, out var item) ? item : null;

    public IEnumerable<Item{n}> Search(string text, decimal maxPrice) =>
        _items.Values
            .Where(i => i.Name.Contains(text, StringComparison.OrdinalIgnoreCase) && i.Price <= maxPrice)
            .OrderBy(i => i.Price)
            .ThenBy(i => i.Name, StringComparer.Ordinal)
            .Take(50);

    public void Upsert(Item{n} item)
    {{
        if (string.IsNullOrWhiteSpace(item.Name)) throw new ArgumentException("Name is required", nameof(item));
        _items[item.Id] = item;
    }}

    public string Describe() => $"{{TableName}}: {{_items.Count}} items, {{Description}}";
}}

public sealed class Item{n}Client
{{
    private readonly HttpClient _http;
    private static readonly Uri Catalogue = new("https://catalogue.contoso.com/api/v{n}/");

    public Item{n}Client(HttpClient http)
    {{
        _http = http;
        _http.BaseAddress = Catalogue;
        _http.Timeout = TimeSpan.FromSeconds(30);
    }}

    public async Task<string> GetAsync(int id, CancellationToken cancellationToken)
    {{
        using var request = new HttpRequestMessage(HttpMethod.Get, "items/" + id);
        request.Headers.Add("X-Correlation-Id", Guid.NewGuid().ToString("N"));
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }}

    public TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt) + Random.Shared.Next(0, 50));
}}

public sealed class Item{n}Protector
{{
    public static byte[] Fingerprint(string payload) => SHA256.HashData(Encoding.UTF8.GetBytes(payload));

    public static string CacheKey(string url) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(url)));

    public static (byte[] Iv, byte[] Cipher) Encrypt(byte[] key, byte[] plaintext)
    {{
        using var aes = Aes.Create();
        aes.Key = key;
        aes.GenerateIV();
        using var encryptor = aes.CreateEncryptor();
        return (aes.IV, encryptor.TransformFinalBlock(plaintext, 0, plaintext.Length));
    }}

    public static byte[] DeriveKey(string password, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
}}

[ApiController]
[Route("api/area{a}/items{n}")]
public sealed class Item{n}Controller : ControllerBase
{{
    private readonly Item{n}Repository _repository;
    private readonly ILogger<Item{n}Controller> _logger;

    public Item{n}Controller(Item{n}Repository repository, ILogger<Item{n}Controller> logger)
    {{
        _repository = repository;
        _logger = logger;
    }}

    [HttpGet("{{id:int}}")]
    public ActionResult<Item{n}> Get(int id) => _repository.Find(id) is {{ }} item ? item : NotFound();

    [HttpPost]
    public IActionResult Create(Item{n} item)
    {{
        _repository.Upsert(item);
        _logger.LogInformation("Item {{Id}} created in area {{Area}}", item.Id, {a});
        Response.Cookies.Append("last-item", item.Id.ToString(), new CookieOptions {{ Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict }});
        return CreatedAtAction(nameof(Get), new {{ id = item.Id }}, item);
    }}
}}
'''

INSECURE = '''
public static class Legacy{n}
{{
    public static HttpClientHandler Handler() => new() {{ ServerCertificateCustomValidationCallback = (m, c, ch, e) => true }};

    public static string HashPassword(string password) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(password)));

    public static string NewResetToken() => new Random().Next().ToString();
}}
'''

for p in range(projects):
    folder = os.path.join(out, f"Bench.P{p}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"Bench.P{p}.csproj"), "w") as f:
        f.write('<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <FrameworkReference Include="Microsoft.AspNetCore.App" />\n  </ItemGroup>\n</Project>\n')
    for n in range(files):
        a = n % 10
        text = SERVICE.format(p=p, a=a, n=n)
        if n % 25 == 0:
            text += INSECURE.format(n=n)
        with open(os.path.join(folder, f"Item{n}.cs"), "w") as f:
            f.write(text)
