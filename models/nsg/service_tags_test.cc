#include "models/nsg/service_tags.h"

#include <gtest/gtest.h>

#include "models/nsg/range_set.h"
#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;
using testing::Ip;

ServiceTagContext AksVnet() {
  ServiceTagContext context;
  context.virtual_network = {Cidr("10.224.0.0/12"), Cidr("10.100.0.0/16")};  // + a peering
  return context;
}

bool TagHas(ServiceTag tag, std::string_view ip, const ServiceTagContext& context,
            std::string_view region = "") {
  return RangesContain(ResolveServiceTag(tag, region, context), Ip(ip));
}

TEST(ServiceTagsTest, VirtualNetworkIsTheCallersPrefixesPlusTheHostIp) {
  ServiceTagContext context = AksVnet();
  EXPECT_TRUE(TagHas(ServiceTag::kVirtualNetwork, "10.224.0.4", context));
  EXPECT_TRUE(TagHas(ServiceTag::kVirtualNetwork, "10.239.255.255", context));
  EXPECT_TRUE(TagHas(ServiceTag::kVirtualNetwork, "10.100.3.3", context));
  EXPECT_TRUE(TagHas(ServiceTag::kVirtualNetwork, "168.63.129.16", context));
  EXPECT_FALSE(TagHas(ServiceTag::kVirtualNetwork, "10.240.0.0", context));
  EXPECT_FALSE(TagHas(ServiceTag::kVirtualNetwork, "20.61.10.5", context));
  context.virtual_network_includes_host_ip = false;
  EXPECT_FALSE(TagHas(ServiceTag::kVirtualNetwork, "168.63.129.16", context));
  EXPECT_EQ(ResolveServiceTag(ServiceTag::kVirtualNetwork, "", context).size(), 2u);
}

TEST(ServiceTagsTest, AzureLoadBalancerIsTheHostIpOnly) {
  auto ranges = ResolveServiceTag(ServiceTag::kAzureLoadBalancer, "", AksVnet());
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].first, kHostVirtualIp);
  EXPECT_EQ(ranges[0].last, kHostVirtualIp);
  EXPECT_EQ(kHostVirtualIp.ToString(), "168.63.129.16");
  EXPECT_EQ(kInstanceMetadataIp.ToString(), "169.254.169.254");
}

TEST(ServiceTagsTest, InternetIsPublicSpaceOutsideTheVnet) {
  ServiceTagContext context = AksVnet();
  EXPECT_TRUE(TagHas(ServiceTag::kInternet, "20.61.10.5", context));  // an API server IP
  EXPECT_TRUE(TagHas(ServiceTag::kInternet, "8.8.8.8", context));
  EXPECT_FALSE(TagHas(ServiceTag::kInternet, "10.224.0.4", context));       // VNet
  EXPECT_FALSE(TagHas(ServiceTag::kInternet, "10.0.0.1", context));         // private, not VNet
  EXPECT_FALSE(TagHas(ServiceTag::kInternet, "192.168.1.1", context));      // private
  EXPECT_FALSE(TagHas(ServiceTag::kInternet, "168.63.129.16", context));    // host IP is VNet
  EXPECT_FALSE(TagHas(ServiceTag::kInternet, "169.254.169.254", context));  // link-local
  EXPECT_FALSE(TagHas(ServiceTag::kInternet, "224.0.0.1", context));        // multicast
  EXPECT_TRUE(TagHas(ServiceTag::kInternet, "223.255.255.255", context));
}

TEST(ServiceTagsTest, AVnetWithPublicAddressSpaceIsNotInternet) {
  ServiceTagContext context;
  context.virtual_network = {Cidr("20.1.0.0/16")};
  EXPECT_FALSE(TagHas(ServiceTag::kInternet, "20.1.2.3", context));
  EXPECT_TRUE(TagHas(ServiceTag::kInternet, "20.2.0.1", context));
}

TEST(ServiceTagsTest, AzureCloudDefaultHoldsTypicalApiServerIpsAndIsOverridable) {
  ServiceTagContext context = AksVnet();
  for (const char* ip : {"20.61.10.5", "40.67.0.1", "52.160.1.1", "13.70.0.1"}) {
    EXPECT_TRUE(TagHas(ServiceTag::kAzureCloud, ip, context)) << ip;
  }
  EXPECT_FALSE(TagHas(ServiceTag::kAzureCloud, "8.8.8.8", context));
  EXPECT_FALSE(TagHas(ServiceTag::kAzureCloud, "168.63.129.16", context));
  context.azure_cloud = {Cidr("198.51.100.0/24")};
  EXPECT_FALSE(TagHas(ServiceTag::kAzureCloud, "20.61.10.5", context));
  EXPECT_TRUE(TagHas(ServiceTag::kAzureCloud, "198.51.100.7", context));
}

TEST(ServiceTagsTest, RegionalAzureCloudUsesTheRegionOrFallsBackToAll) {
  ServiceTagContext context = AksVnet();
  context.azure_cloud_regions = {{"westeurope", {Cidr("20.61.0.0/16")}}};
  EXPECT_TRUE(TagHas(ServiceTag::kAzureCloud, "20.61.10.5", context, "WestEurope"));
  EXPECT_FALSE(TagHas(ServiceTag::kAzureCloud, "20.62.0.1", context, "westeurope"));
  // Unknown region: the whole AzureCloud list (a superset).
  EXPECT_TRUE(TagHas(ServiceTag::kAzureCloud, "20.62.0.1", context, "eastus"));
}

TEST(ServiceTagsTest, MatchersUnionAndTagsOnly) {
  ServiceTagContext context = AksVnet();
  auto list = ParseAddressPrefixes("10.0.0.0/24, AzureLoadBalancer, 10.0.1.0/24").value();
  auto all = ResolveMatchers(list, context);
  ASSERT_EQ(all.size(), 2u);  // the two /24s merge
  EXPECT_EQ(all[0], Cidr("10.0.0.0/23").Range());
  auto tags = ResolveMatchers(list, context, /*tags_only=*/true);
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0].first, kHostVirtualIp);
  EXPECT_EQ(ResolveMatcher(AddressMatcher::Any(), context)[0], Ipv4Range::All());
}

TEST(ServiceTagsTest, PlatformAddresses) {
  ServiceTagContext context;
  EXPECT_TRUE(IsPlatformAddress(context, Ip("168.63.129.16")));
  EXPECT_TRUE(IsPlatformAddress(context, Ip("169.254.169.254")));
  EXPECT_FALSE(IsPlatformAddress(context, Ip("10.0.0.4")));
  context.platform_addresses.clear();
  EXPECT_FALSE(IsPlatformAddress(context, Ip("168.63.129.16")));
}

}  // namespace
}  // namespace tunnelsim::nsg
