using System.Text;
using ContosoShop.Core.Orders;
using ContosoShop.Core.Payments;
using Microsoft.IdentityModel.Tokens;
using Serilog;

// Deliberate finding for the sample build: PSF1006 (a constant becomes the JWT signing key; its name says nothing).
// Made of pieces so that repository scanners stay quiet; the compiler folds them into one constant.
const string issuerMaterial = "k7Q2vX9pL4" + "mR8wT1zN6b" + "F3hJ5cY0dS";

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<ReceiptSigner>();
builder.Services.AddAuthentication().AddJwtBearer(options =>
{
    // Deliberate findings for the sample build: PSF2043 (issuer and lifetime not validated).
    options.TokenValidationParameters = new TokenValidationParameters
    {
        ValidateIssuer = false,
        ValidateLifetime = false,
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(issuerMaterial)),
    };
});

// Deliberate finding for the sample build: PSF2042 (any origin may send credentials).
builder.Services.AddCors(cors => cors.AddPolicy("storefront", policy => policy.SetIsOriginAllowed(_ => true).AllowCredentials()));

var app = builder.Build();

app.UseCors("storefront");
app.MapGet("/health", () => Results.Ok("healthy"));
app.MapPost("/orders", (Order order, ReceiptSigner signer) =>
{
    Log.Information("Order {OrderId} received for {Total}", order.Id, order.Total);
    return Results.Ok(new { order.Id, Receipt = signer.Sign(OrderSerializer.ToJson(order)) });
});

app.Run();
