// az aks update and az aks nodepool scale, with the CLI's validators' exact texts.
#include "engine/changeset/command_test_util.h"

namespace tunnelsim {
namespace {

using testing::Col;
using testing::Error;
using testing::ExpectPos;
using testing::kAt;
using testing::Parse;

constexpr const char* kUpdate = "az aks update -g rg -n contoso ";

TEST(AzAksUpdateTest, LoadBalancerOptionsBecomeOneLoadBalancerChange) {
  std::string line = std::string(kUpdate) +
                     "--load-balancer-outbound-ports 4000 "
                     "--load-balancer-managed-outbound-ip-count 2 --load-balancer-idle-timeout 10";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& lb = p.Only<LoadBalancerSettings>();
  ASSERT_TRUE(lb.allocated_outbound_ports && lb.managed_outbound_ips && lb.idle_timeout_in_minutes);
  EXPECT_EQ(lb.allocated_outbound_ports->value, 4000);
  ExpectPos(lb.allocated_outbound_ports->pos, kAt.line, Col(line, "4000"));
  EXPECT_EQ(lb.managed_outbound_ips->value, 2);
  EXPECT_EQ(lb.idle_timeout_in_minutes->value, 10);
  EXPECT_FALSE(lb.enable_tcp_reset.has_value());  // az aks update has no flag for it

  p = Parse(std::string(kUpdate) + "--load-balancer-outbound-ports=0");
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& only = p.Only<LoadBalancerSettings>();
  EXPECT_EQ(only.allocated_outbound_ports->value, 0);  // back to the default table
  EXPECT_FALSE(only.managed_outbound_ips || only.idle_timeout_in_minutes);
}

TEST(AzAksUpdateTest, ValidatorMessagesAreTheClis) {
  struct Case {
    const char* option;
    const char* value;
    const char* message;
  };
  const Case cases[] = {
      // validate_load_balancer_outbound_ports: the multiple of 8 is checked first, and the
      // messages name the option's old spelling.
      {"--load-balancer-outbound-ports", "4001",
       "--load-balancer-allocated-ports must be a multiple of 8"},
      {"--load-balancer-outbound-ports", "64008",
       "--load-balancer-allocated-ports must be in the range [0,64000]"},
      {"--load-balancer-outbound-ports", "-8",
       "--load-balancer-allocated-ports must be in the range [0,64000]"},
      {"--load-balancer-idle-timeout", "101",
       "--load-balancer-idle-timeout must be in the range [4,100]"},
      {"--load-balancer-idle-timeout", "3",
       "--load-balancer-idle-timeout must be in the range [4,100]"},
      {"--nat-gateway-managed-outbound-ip-count", "17",
       "--nat-gateway-managed-outbound-ip-count must be in the range [1,16]"},
      {"--nat-gateway-idle-timeout", "121",
       "--nat-gateway-idle-timeout must be in the range [4,120]"},
      {"--load-balancer-managed-outbound-ip-count", "0",
       "--load-balancer-managed-outbound-ip-count must be in the range [1,100]; AKS accepts 1 to "
       "100 managed outbound IPs"},
      {"--load-balancer-outbound-ports", "4k",
       "argument --load-balancer-outbound-ports: invalid int value: '4k'"},
  };
  for (const Case& c : cases) {
    std::string line = std::string(kUpdate) + c.option + " " + c.value;
    EXPECT_EQ(Parse(line).errors(), Error(Col(line, std::string(" ") + c.value, 1), c.message))
        << line;
  }
  // Python's int(): blanks, a sign and digit-separating underscores are fine.
  auto p = Parse(std::string(kUpdate) + "--load-balancer-outbound-ports '+4_000 '");
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_EQ(p.Only<LoadBalancerSettings>().allocated_outbound_ports->value, 4000);
}

TEST(AzAksUpdateTest, OutboundTypeAndNatGateway) {
  std::string line = std::string(kUpdate) +
                     "--outbound-type managednatgateway --nat-gateway-managed-outbound-ip-count 2";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& outbound = p.Only<SetOutboundType>();
  EXPECT_EQ(outbound.type.value, "managedNATGateway");  // az's enums ignore case
  ExpectPos(outbound.type.pos, kAt.line, Col(line, "managednat"));
  EXPECT_TRUE(outbound.has_nat_gateway);
  EXPECT_EQ(outbound.nat_gateway.managed_outbound_ips.value, 2);
  EXPECT_EQ(outbound.nat_gateway.idle_timeout_in_minutes.value, 4);  // the API default

  p = Parse(std::string(kUpdate) + "--outbound-type userDefinedRouting");
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_FALSE(p.Only<SetOutboundType>().has_nat_gateway);

  // NAT gateway options alone keep the outbound type: the type stays empty.
  p = Parse(std::string(kUpdate) + "--nat-gateway-idle-timeout 30");
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_EQ(p.Only<SetOutboundType>().type.value, "");
  EXPECT_EQ(p.Only<SetOutboundType>().nat_gateway.idle_timeout_in_minutes.value, 30);

  line = std::string(kUpdate) + "--outbound-type loadBalancer --nat-gateway-idle-timeout 30";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "loadBalancer"),
                                        "--outbound-type is loadBalancer; the "
                                        "--nat-gateway-* options configure a managed NAT "
                                        "gateway (managedNATGateway)"));
  line = std::string(kUpdate) + "--outbound-type natGateway";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "natGateway"),
                  "argument --outbound-type: invalid choice: 'natGateway' (choose from "
                  "'loadBalancer', 'userDefinedRouting', 'managedNATGateway', "
                  "'userAssignedNATGateway', 'none')"));
}

TEST(AzAksUpdateTest, AuthorizedIpRanges) {
  std::string line =
      std::string(kUpdate) + "--api-server-authorized-ip-ranges 20.61.10.5,52.1.0.0/16";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& ranges = p.Only<SetAuthorizedIpRanges>().ranges;
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].value, "20.61.10.5");
  EXPECT_EQ(ranges[1].value, "52.1.0.0/16");
  ExpectPos(ranges[1].pos, kAt.line, Col(line, "52.1"));

  // An empty value clears the list.
  p = Parse(std::string(kUpdate) + "--api-server-authorized-ip-ranges ''");
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_TRUE(p.Only<SetAuthorizedIpRanges>().ranges.empty());
  p = Parse(std::string(kUpdate) + "--api-server-authorized-ip-ranges 0.0.0.0/32");
  ASSERT_TRUE(p.ok) << p.errors();

  struct Case {
    const char* value;
    const char* at;
    const char* message;
  };
  const Case cases[] = {
      {"20.61.10.5,10.0.0.0/8", "10.0.0.0/8",
       "--api-server-authorized-ip-ranges must be global non-reserved addresses or CIDRs"},
      {"203.0.113.0/24", "203",
       "--api-server-authorized-ip-ranges must be global non-reserved addresses or CIDRs"},
      {"100.64.1.0/24", "100",
       "--api-server-authorized-ip-ranges must be global non-reserved addresses or CIDRs"},
      {"20.61.10.5/24", "20.61",
       "--api-server-authorized-ip-ranges should be a list of IPv4 addresses or CIDRs"},
      {"2603:1030::/32", "2603", "--api-server-authorized-ip-ranges cannot be IPv6 addresses"},
      {"20.61.10.5,,52.1.0.0/16", "20.61",
       "--api-server-authorized-ip-ranges cannot be disabled and simultaneously enabled"},
      {"0.0.0.0/32,20.61.10.5", "0.0.0.0",
       "Setting --api-server-authorized-ip-ranges to 0.0.0.0/32 is not allowed with other IP "
       "ranges.Refer to https://aka.ms/aks/whitelist for more details"},
  };
  for (const Case& c : cases) {
    std::string l = std::string(kUpdate) + "--api-server-authorized-ip-ranges " + c.value;
    size_t value_at = l.find(c.value);
    int column = kAt.column + static_cast<int>(l.find(c.at, value_at));
    EXPECT_EQ(Parse(l).errors(), Error(column, c.message)) << l;
  }
}

TEST(AzAksUpdateTest, SeveralSettingsYieldChangesInAFixedOrder) {
  auto p = Parse(std::string(kUpdate) +
                 "--api-server-authorized-ip-ranges 20.61.10.5 --outbound-type managedNATGateway "
                 "--load-balancer-idle-timeout 30 --yes --no-wait");
  ASSERT_TRUE(p.ok) << p.errors();
  ASSERT_EQ(p.bodies.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<LoadBalancerSettings>(p.bodies[0]));
  EXPECT_TRUE(std::holds_alternative<SetOutboundType>(p.bodies[1]));
  EXPECT_TRUE(std::holds_alternative<SetAuthorizedIpRanges>(p.bodies[2]));
}

TEST(AzAksUpdateTest, ClusterMustBeNamedAndSomethingModelledChanged) {
  std::string line = "az aks update --load-balancer-outbound-ports 4000";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "update"),
                                        "the following arguments are required: "
                                        "--resource-group/-g, --name/-n"));
  line = "az aks update -g rg -n contoso --yes";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "update"),
                  "az aks update changes none of the settings tunnelsim models; expected one or "
                  "more of --load-balancer-outbound-ports, "
                  "--load-balancer-managed-outbound-ip-count, --load-balancer-idle-timeout, "
                  "--outbound-type, --nat-gateway-managed-outbound-ip-count, "
                  "--nat-gateway-idle-timeout, --api-server-authorized-ip-ranges"));
  line = "az aks update -g rg -n contoso --enable-keda";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "--enable-keda"),
                  "unrecognized arguments: --enable-keda; az aks update takes --resource-group, "
                  "--name, --load-balancer-outbound-ports, "
                  "--load-balancer-managed-outbound-ip-count, --load-balancer-idle-timeout, "
                  "--outbound-type, --nat-gateway-managed-outbound-ip-count, "
                  "--nat-gateway-idle-timeout, --api-server-authorized-ip-ranges, --yes, "
                  "--no-wait"));
}

TEST(AzAksNodepoolScaleTest, ScaleNamesPoolAndCount) {
  std::string line =
      "az aks nodepool scale --resource-group rg --cluster-name contoso --name nodepool1 "
      "--node-count 5";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& scale = p.Only<ScaleNodePool>();
  EXPECT_EQ(scale.node_pool.value, "nodepool1");
  ExpectPos(scale.node_pool.pos, kAt.line, Col(line, "nodepool1"));
  EXPECT_EQ(scale.count.value, 5);

  // --nodepool-name and -c are other spellings; the count defaults to 3.
  p = Parse("az aks nodepool scale -g rg --cluster-name contoso --nodepool-name user -c 7");
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_EQ(p.Only<ScaleNodePool>().count.value, 7);
  p = Parse("az aks nodepool scale -g rg --cluster-name contoso -n user");
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_EQ(p.Only<ScaleNodePool>().count.value, 3);
}

TEST(AzAksNodepoolScaleTest, CliValidatorsAndRequiredClusterName) {
  std::string line = "az aks nodepool scale -g rg -n nodepool1 -c 5";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "scale"), "the following arguments are required: --cluster-name"));
  line = "az aks nodepool scale -g rg --cluster-name c -n averylongpoolname";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "averylong"), "--nodepool-name can contain at most 12 characters"));
  line = "az aks nodepool scale -g rg --cluster-name c -n pool_1";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "pool_1"),
                                        "--nodepool-name should contain only alphanumeric "
                                        "characters"));
  line = "az aks nodepool scale -g rg --cluster-name c -n pool1 -c 1001";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "1001"),
                                        "--node-count must be in the range [0,1000]; AKS allows "
                                        "1000 nodes per node pool"));
}

}  // namespace
}  // namespace tunnelsim
