// Attacks on the host's TLS (docs/privacy.md, "On the wire"), beyond those of
// tls_test.cpp:
// - over the plain family view, every way a plain connection could become a
//   professional or the facilitator with a secret it holds (a rejoin token, an
//   admission by the facilitator) is refused and receives nothing a family
//   view would not show;
// - a host with a certificate from the municipality's CA is trusted by a client
//   that trusts that CA, without a fingerprint, and refused when the client does
//   not trust the CA or the certificate names another host.
// The CA and its certificates are made for each test with the openssl command.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "board/sample.hpp"
#include "tests/net/security_support.hpp"

namespace tavle::net::testing {
namespace {

// [SECTION] the plain family view: no professional through a plain connection

// Every rejoin token the host hands out, as MeetingConfig::tokens_changed reports them.
struct TokenTap {
  std::mutex mutex;
  RejoinTokens tokens;
  std::string token_of(Role role) {
    std::lock_guard lock(mutex);
    for (const auto& [token, grant] : tokens)
      if (grant.role == role) return token;
    return "";
  }
};

HostConfig plain_family_config(TokenTap& tap) {
  HostConfig c = loopback_config();
  c.plain = PlainConnections::FamilyView;
  c.meeting.tokens_changed = [&tap](const RejoinTokens& now) {
    std::lock_guard lock(tap.mutex);
    tap.tokens = now;
  };
  return c;
}

// What a refused plain connection may have received: the refusal, nothing of the board.
void expect_refused_for_encryption(RawWs& ws, const char* what) {
  std::string seen;
  auto refused = read_message(ws, "error", seen);
  ASSERT_TRUE(refused) << what << ": " << seen;
  EXPECT_EQ((*refused)["code"], "needs_encryption") << what;
  read_for(ws, seen);
  EXPECT_EQ(seen.find("welcome"), std::string::npos) << what << ": " << seen;
  EXPECT_EQ(seen.find(kHiddenText), std::string::npos) << what;
  EXPECT_EQ(seen.find("\"codes\""), std::string::npos) << what;
}

TEST(PlainAttack, AProfessionalsRejoinTokenOverPlainIsRefusedWhateverRoleItClaims) {
  TokenTap tap;
  Host host(plain_family_config(tap), sample_board());
  ASSERT_FALSE(host.start());
  Client pro, fac;
  ASSERT_TRUE(join_and_wait(pro, host, "pro", Role::Professional));  // over TLS
  ASSERT_TRUE(join_and_wait(fac, host, "fac", Role::Facilitator));
  const std::string pro_token = tap.token_of(Role::Professional);
  const std::string fac_token = tap.token_of(Role::Facilitator);
  ASSERT_FALSE(pro_token.empty());
  ASSERT_FALSE(fac_token.empty());
  const std::size_t before = host.status().connections;

  // The token was sniffed elsewhere, or a professional's tablet kept it: over
  // plain HTTP it must not make a professional, whatever role the hello says.
  for (auto [token, role] : {std::pair{pro_token, "family"}, std::pair{pro_token, "viewer"},
                             std::pair{pro_token, "professional"}, std::pair{fac_token, "family"},
                             std::pair{fac_token, "facilitator"}}) {
    RawWs plain(host.port());
    plain.send(hello_json(host.join_code(), role, std::string("plain-") + role, {{"token", token}}));
    expect_refused_for_encryption(plain, role);
  }
  EXPECT_EQ(host.status().connections, before);
  // The same tokens over TLS are still good: refused for the wire, not spent.
  EXPECT_FALSE(tap.token_of(Role::Professional).empty());
}

TEST(PlainAttack, AFacilitatorAdmittingAPlainTabletAsProfessionalDoesNotMakeOne) {
  TokenTap tap;
  Host host(plain_family_config(tap), sample_board());
  ASSERT_FALSE(host.start());
  Client fac;
  ASSERT_TRUE(join_and_wait(fac, host, "fac", Role::Facilitator));
  // A tablet joins as family over plain, is put out, and comes back through the waiting list.
  std::uint64_t connection = 0;
  {
    RawWs tablet(host.port());
    tablet.send(hello_json(host.join_code(), "family", "tablet"));
    std::string seen;
    ASSERT_TRUE(read_message(tablet, "welcome", seen));
    ASSERT_TRUE(eventually([&] {
      for (const PresenceEntry& p : fac.presence())
        if (p.role == Role::Family) connection = p.connection;
      return connection != 0;
    }));
    fac.remove(connection, false);
    ASSERT_TRUE(read_message(tablet, "error", seen));
  }
  RawWs again(host.port());
  again.send(hello_json(host.join_code(), "family", "tablet"));
  std::string seen;
  auto waiting = read_message(again, "waiting", seen);
  ASSERT_TRUE(waiting) << seen;
  ASSERT_TRUE(eventually([&] { return !fac.admission_requests().empty(); }));
  fac.admit(fac.admission_requests().front().request_id, Role::Professional);  // a slip of the facilitator's hand
  expect_refused_for_encryption(again, "admitted as professional");
  EXPECT_EQ(seen.find(kHiddenText), std::string::npos);
  EXPECT_TRUE(tap.token_of(Role::Professional).empty()) << "no professional token was issued to the plain tablet";
}

// [SECTION] the municipality's CA

// A throwaway CA and a host certificate it issued, made with the openssl command.
class MunicipalityCa : public ::testing::Test {
 protected:
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tavle-ca-" + std::to_string(::getpid()) + "-" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());

  void SetUp() override {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  void openssl(const std::string& arguments) {
    const std::string command = "cd '" + dir.string() + "' && openssl " + arguments + " >openssl.log 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  // A CA named `name`: name.pem, name.key.
  void make_ca(const std::string& name) {
    openssl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj '/O=Kommune/CN=" + name +
            "' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -keyout " +
            name + ".key -out " + name + ".pem");
  }
  // A host certificate `name`.pem (leaf, then the CA) with `name`.key, issued by `ca` for `alt_names`.
  void make_leaf(const std::string& name, const std::string& ca, const std::string& alt_names) {
    openssl("req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/O=Kommune/CN=tavle' -keyout " + name +
            ".key -out " + name + ".csr");
    std::ofstream(dir / (name + ".ext")) << "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n"
                                         << "subjectAltName=" << alt_names << "\n";
    openssl("x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca + ".key -CAcreateserial -days 2 -extfile " +
            name + ".ext -out " + name + ".leaf");
    std::ofstream chain(dir / (name + ".pem"));
    chain << std::ifstream(dir / (name + ".leaf")).rdbuf() << std::ifstream(dir / (ca + ".pem")).rdbuf();
    ::chmod((dir / (name + ".key")).c_str(), 0600);
  }
  HostConfig config_with(const std::string& leaf) {
    HostConfig c = loopback_config();
    TlsIdentity identity;
    if (auto e = load_tls_identity(dir / (leaf + ".pem"), dir / (leaf + ".key"), identity))
      ADD_FAILURE() << e->message;
    EXPECT_FALSE(identity.self_signed);
    c.tls = identity;
    return c;
  }
  // A professional who has the room's address and code but no fingerprint.
  JoinParams without_fingerprint(const Host& host, const std::string& ca) {
    JoinParams p = join_params(host, "pro", Role::Professional);
    p.fingerprint.clear();
    p.ca_file = ca.empty() ? std::string() : (dir / (ca + ".pem")).string();
    return p;
  }
};

TEST_F(MunicipalityCa, AClientThatTrustsTheCaJoinsWithoutAFingerprint) {
  make_ca("kommune-ca");
  make_leaf("host", "kommune-ca", "IP:127.0.0.1,DNS:localhost");
  Host host(config_with("host"), sample_board());
  ASSERT_FALSE(host.start());
  Client pro;
  pro.connect(without_fingerprint(host, "kommune-ca"));
  ASSERT_TRUE(eventually([&] { return pro.status().state == ConnectionState::Connected; }))
      << pro.status().last_error;
  EXPECT_EQ(state_hash_hex(pro.confirmed()), expected_hash(host, Role::Professional, pro.participant_id()));
}

TEST_F(MunicipalityCa, AClientThatDoesNotTrustTheCaIsRefusedAndSendsNothing) {
  make_ca("kommune-ca");
  make_ca("other-ca");
  make_leaf("host", "kommune-ca", "IP:127.0.0.1,DNS:localhost");
  Host host(config_with("host"), sample_board());
  ASSERT_FALSE(host.start());
  for (const std::string& trusted : {std::string("other-ca"), std::string()}) {  // another CA; the system's CAs
    Client pro;
    pro.connect(without_fingerprint(host, trusted));
    ASSERT_TRUE(eventually([&] { return pro.status().last_error_code == "wrong_host"; })) << trusted;
    EXPECT_NE(pro.status().last_error.find("not one this computer trusts"), std::string::npos)
        << pro.status().last_error;
    EXPECT_NE(pro.status().last_error.find(host.fingerprint()), std::string::npos) << "names what it saw";
    EXPECT_EQ(pro.status().state, ConnectionState::Offline);
  }
  EXPECT_EQ(host.status().connections, 0u);
}

TEST_F(MunicipalityCa, ACertificateTheCaIssuedForAnotherHostIsRefused) {
  make_ca("kommune-ca");
  make_leaf("elsewhere", "kommune-ca", "DNS:intranet.kommune.example");  // a real certificate, another host
  Host host(config_with("elsewhere"), sample_board());
  ASSERT_FALSE(host.start());
  Client pro;
  pro.connect(without_fingerprint(host, "kommune-ca"));
  ASSERT_TRUE(eventually([&] { return pro.status().last_error_code == "wrong_host"; })) << pro.status().last_error;
  EXPECT_EQ(host.status().connections, 0u);
}

}  // namespace
}  // namespace tavle::net::testing
