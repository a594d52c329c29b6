using Newtonsoft.Json;

namespace ContosoShop.Core.Orders;

public static class OrderSerializer
{
    public static string ToJson(Order order) => JsonConvert.SerializeObject(order, Formatting.Indented);

    public static Order? FromJson(string json) => JsonConvert.DeserializeObject<Order>(json);
}
