namespace ContosoShop.Core.Payments;

/// <summary>Talks to the payment provider.</summary>
public sealed class PaymentGateway
{
    // Deliberate finding for the sample (PSF1002): a live-key-shaped value pasted into the source. It is made of pieces
    // so that repository scanners stay quiet; the compiler folds them into one constant, which the analyzer sees.
    private const string LiveKey = "sk_" + "live_" + "51Hx9CONTOSO" + "q8ZbT2nV5yWcR1xL0sKd";

    public string AuthorizationHeader => "Bearer " + LiveKey;
}
