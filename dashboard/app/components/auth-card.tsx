/** The frame of the signed-out pages (login, signup, invitation). */
export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="center-page">
      <div className="card narrow stack" style={{ width: "100%" }}>
        <div className="row">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <strong>Warden</strong>
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
